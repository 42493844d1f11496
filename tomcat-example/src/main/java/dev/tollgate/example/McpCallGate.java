package dev.tollgate.example;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Tollgate;
import dev.tollgate.mcp.McpCall;
import dev.tollgate.mcp.McpCallParser;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies the gate's per-method and per-tool rules (an enterprise-only tool, a scope a tool needs)
 * to MCP messages, which {@link dev.tollgate.servlet.TollgateFilter} cannot do as it never reads a
 * body. Mounted after that filter: it reads the (bounded) body of a POST, parses the JSON-RPC call
 * with {@link McpCallParser}, asks the same {@link Tollgate} again with the method and tool name
 * known, and answers from the same status table; an allowed request goes on with its body intact.
 *
 * <p>The credential is resolved a second time; with JWTs and the in-memory key store that costs
 * microseconds, and an introspecting resolver should sit behind a cache anyway.
 */
final class McpCallGate implements Filter {
  /** Larger MCP messages are refused (413): tool arguments are small, and memory is not free. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final Tollgate tollgate;

  McpCallGate(Tollgate tollgate) {
    this.tollgate = Objects.requireNonNull(tollgate, "tollgate == null");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    if (!"POST".equals(http.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = readBounded(http.getInputStream());
    if (body == null) {
      write(out, 413, null, error("invalid_request", "The request body is too large"));
      return;
    }
    McpCall call = McpCallParser.parse(body, http.getHeader("Mcp-Method"), http.getHeader("Mcp-Name"));
    String method = null;
    String tool = null;
    if (call instanceof McpCall.Parsed parsed) {
      method = parsed.method();
      tool = parsed.toolName();
    } else if (call instanceof McpCall.Rejected rejected
        && rejected.problem() != McpCall.Problem.MISSING_METHOD) {
      // A JSON-RPC response (no method) answers a server request and names no tool: it goes on.
      write(out, 400, null, error("invalid_request", rejected.description()));
      return;
    }
    Decision decision = tollgate.decide(RequestView.withMcpCall(view(http), method, tool));
    if (decision instanceof Decision.Allow) {
      chain.doFilter(new BufferedBodyRequest(http, body), response);
    } else if (decision instanceof Decision.Challenge challenge) {
      write(out, challenge.status(), challenge.wwwAuthenticate(), challenge.jsonBody());
    } else if (decision instanceof Decision.Unavailable unavailable) {
      out.setHeader("Retry-After", Long.toString(unavailable.retryAfterSeconds()));
      write(out, 503, null, unavailable.jsonBody());
    }
  }

  private static byte @Nullable [] readBounded(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void write(
      HttpServletResponse out, int status, @Nullable String wwwAuthenticate, String json)
      throws IOException {
    out.setStatus(status);
    if (wwwAuthenticate != null) {
      out.setHeader("WWW-Authenticate", wwwAuthenticate);
    }
    out.setHeader("Cache-Control", "no-store");
    out.setContentType("application/json");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    out.setContentLength(bytes.length);
    out.getOutputStream().write(bytes);
  }

  private static String error(String code, String description) {
    return Json.write(Map.of("error", code, "error_description", description));
  }

  private static RequestView view(HttpServletRequest http) {
    return new RequestView() {
      @Override
      public String method() {
        return http.getMethod();
      }

      @Override
      public String path() {
        return http.getRequestURI();
      }

      @Override
      public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        var lines = http.getHeaders(name);
        if (lines != null) {
          values.addAll(Collections.list(lines));
        }
        return values;
      }

      @Override
      public @Nullable String queryString() {
        return http.getQueryString();
      }
    };
  }
}
