package dev.tollgate.servlet;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.mcp.McpCall;
import dev.tollgate.mcp.McpCall.Problem;
import dev.tollgate.mcp.McpCallParser;
import dev.tollgate.mcp.McpCallReader;
import dev.tollgate.ratelimit.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Enumeration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Decides a request whose scope or entitlement rules depend on the MCP method and tool ({@link
 * Tollgate#needsMcpCall()}).
 *
 * <ul>
 *   <li>GET (the SSE stream), DELETE (ending a session), HEAD and OPTIONS carry no JSON-RPC message:
 *       they are decided without one, and their bodies are never touched. Every other method is
 *       treated as POST, the one MCP uses for messages, so that a server lenient about methods
 *       cannot be sent an unchecked call with PUT or PATCH.
 *   <li>The body is read only by the {@link McpCallReader} handed to {@link
 *       Tollgate#decide(RequestView, McpCallReader)}, which calls it once the credential has been
 *       resolved and found unrevoked: an anonymous client, a bad credential or a rate-limited
 *       address never makes the filter buffer a body.
 *   <li>When the {@code Mcp-Method} (and, for {@code tools/call}, {@code Mcp-Name}) headers are
 *       present, the gate decides from them first; a refusal is answered without reading the body.
 *       A request the gate allows is then read once to confirm the body says the same, so a rule
 *       can never be checked against one call while the server serves another.
 *   <li>The reader wants a JSON content type (400 otherwise: no rule could be checked against the
 *       body); reads the body once, up to the limit (413 above it), and parses it with {@link
 *       McpCallParser}; a batch, malformed JSON-RPC, invalid or repeated {@code Mcp-*} headers, or
 *       headers that disagree with the body get 400 {@code invalid_request}. A client's JSON-RPC
 *       response (to an elicitation or sampling request, say) names no method, and is decided on
 *       the rules every message needs.
 * </ul>
 *
 * <p>The credential is never read from the body: the gate reads only the {@code Authorization}
 * header. A body that was read reaches the application through {@link ReplayedBodyRequest}.
 */
final class McpAwareGate {
  static final String MCP_METHOD = "Mcp-Method";
  static final String MCP_NAME = "Mcp-Name";
  static final String NOT_JSON = "An MCP message must be sent with a JSON content type";
  static final String TOO_LARGE = "The request body is larger than this endpoint accepts";
  static final String BAD_HEADER = "The Mcp-Method or Mcp-Name header is invalid or repeated";
  static final String NAME_MISMATCH = "The Mcp-Name header does not match the body";
  static final String BAD_CHARSET = "The request body's charset is not supported";
  private static final String TOOLS_CALL = "tools/call";

  /** What to do with the request, and the request the application gets if it is allowed. */
  record Outcome(Decision decision, HttpServletRequest request) {}

  private final Tollgate gate;
  private final int bodyLimit;
  private final TrustedProxies proxies;

  McpAwareGate(Tollgate gate, int bodyLimit) {
    this(gate, bodyLimit, TrustedProxies.none());
  }

  McpAwareGate(Tollgate gate, int bodyLimit, TrustedProxies proxies) {
    this.gate = gate;
    this.bodyLimit = bodyLimit;
    this.proxies = proxies;
  }

  Outcome decide(HttpServletRequest http) {
    RequestView view = new ServletRequestView(http, proxies);
    if (!gate.needsMcpCall() || !carriesMessage(http.getMethod())) {
      return new Outcome(gate.decide(view), http);
    }
    String headerMethod;
    String headerName;
    boolean badHeaders = false;
    try {
      headerMethod = singleHeader(http, MCP_METHOD);
      headerName = singleHeader(http, MCP_NAME);
    } catch (IllegalArgumentException e) {
      badHeaders = true;
      headerMethod = null;
      headerName = null;
    }
    boolean headersComplete =
        headerMethod != null && (!TOOLS_CALL.equals(headerMethod) || headerName != null);
    RequestView declared =
        headersComplete
            ? RequestView.withMcpCall(view, headerMethod, TOOLS_CALL.equals(headerMethod) ? headerName : null)
            : view;
    BodyReader reader = new BodyReader(http, headerMethod, headerName, badHeaders);
    Decision decision = gate.decide(declared, reader);
    HttpServletRequest replayed = reader.replayed;
    return new Outcome(decision, replayed != null ? replayed : http);
  }

  /** Reads and parses the body when the gate asks; keeps the replayable request it read. */
  private final class BodyReader implements McpCallReader {
    private final HttpServletRequest http;
    private final @Nullable String headerMethod;
    private final @Nullable String headerName;
    private final boolean badHeaders;
    private @Nullable HttpServletRequest replayed;

    BodyReader(
        HttpServletRequest http,
        @Nullable String headerMethod,
        @Nullable String headerName,
        boolean badHeaders) {
      this.http = http;
      this.headerMethod = headerMethod;
      this.headerName = headerName;
      this.badHeaders = badHeaders;
    }

    @Override
    public McpCall read() throws IOException {
      if (badHeaders) {
        return rejected(Problem.INVALID_HEADER, BAD_HEADER);
      }
      Charset charset;
      try {
        charset = jsonCharset(http.getContentType());
      } catch (IllegalArgumentException e) {
        return rejected(Problem.NOT_JSON, BAD_CHARSET);
      }
      if (charset == null) {
        return rejected(Problem.NOT_JSON, NOT_JSON);
      }
      byte[] body = readBody(http);
      if (body == null) {
        return rejected(Problem.TOO_LARGE, TOO_LARGE);
      }
      byte[] utf8 = charset.equals(StandardCharsets.UTF_8) ? body : transcode(body, charset);
      McpCall call = McpCallParser.parse(utf8, headerMethod, null);
      if (call instanceof McpCall.Rejected) {
        return call;
      }
      if (headerName != null
          && call instanceof McpCall.Parsed parsed
          && TOOLS_CALL.equals(parsed.method())
          && !headerName.equals(parsed.toolName())) {
        return rejected(Problem.HEADER_MISMATCH, NAME_MISMATCH);
      }
      if (headerName != null && call instanceof McpCall.Response) {
        return rejected(Problem.HEADER_MISMATCH, NAME_MISMATCH);
      }
      replayed = new ReplayedBodyRequest(http, body, charset);
      return call;
    }
  }

  private static boolean carriesMessage(String method) {
    return switch (method) {
      case "GET", "HEAD", "DELETE", "OPTIONS" -> false;
      default -> true;
    };
  }

  private static McpCall rejected(Problem problem, String description) {
    return new McpCall.Rejected(problem, description);
  }

  /** The body, or {@code null} when it is longer than the limit (declared or actual). */
  private byte @Nullable [] readBody(HttpServletRequest http) throws IOException {
    long declared = http.getContentLengthLong();
    if (declared > bodyLimit) {
      return null;
    }
    InputStream in = http.getInputStream();
    ByteArrayOutputStream out;
    if (declared >= 0) {
      // The usual case: read exactly the declared length, into the array that is kept.
      byte[] body = in.readNBytes((int) declared);
      int next = body.length < declared ? -1 : in.read();
      if (next < 0) {
        return body;
      }
      // More than declared (the container should have stopped it): read on, within the limit.
      if (body.length + 1 > bodyLimit) {
        return null;
      }
      out = new ByteArrayOutputStream(body.length + 1);
      out.write(body);
      out.write(next);
    } else {
      out = new ByteArrayOutputStream(Math.min(bodyLimit, 8192));
    }
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      if (out.size() + read > bodyLimit) {
        return null;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  /**
   * The charset of a JSON content type ({@code application/json} or {@code application/*+json}):
   * the declared one, else UTF-8 (RFC 8259 §8.1); {@code null} when the type is not JSON.
   *
   * @throws IllegalArgumentException when the declared charset is unknown
   */
  static @Nullable Charset jsonCharset(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    if (contentType.equalsIgnoreCase("application/json")) {
      // What nearly every MCP client sends: no parameters to read, nothing to split.
      return StandardCharsets.UTF_8;
    }
    String[] parts = contentType.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")
        && !(type.startsWith("application/") && type.endsWith("+json"))) {
      return null;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String name = parameter.substring(eq + 1).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new IllegalArgumentException("unsupported charset", e);
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * The body as the application will decode it, re-encoded as UTF-8 for the parser, so the method
   * and tool checked are the ones the application reads.
   */
  private static byte[] transcode(byte[] body, Charset charset) {
    return new String(body, charset).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The one value of header {@code name}, or {@code null} when absent.
   *
   * @throws IllegalArgumentException when repeated, empty, too long or with control characters
   */
  private static @Nullable String singleHeader(HttpServletRequest http, String name) {
    Enumeration<String> values = http.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String value = values.nextElement().strip();
    if (values.hasMoreElements()
        || value.isEmpty()
        || value.length() > McpCallParser.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(name);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException(name);
      }
    }
    return value;
  }
}
