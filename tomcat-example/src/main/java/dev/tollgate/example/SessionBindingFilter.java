package dev.tollgate.example;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Binds each MCP session to the account that opened it, as the MCP security best practices ask: a
 * request naming a session ({@code Mcp-Session-Id}) that another account opened, or that this
 * filter never saw opened, is answered 404 like an unknown session, so a leaked session id lets
 * nobody else read that session's stream or act in it. The client simply initializes anew.
 *
 * <p>Mounted after {@link TollgateFilter}, which has already authenticated the request; the session
 * id is never an identity, only a handle checked against one.
 */
final class SessionBindingFilter implements Filter {
  static final String SESSION_HEADER = "Mcp-Session-Id";

  /** A day without use: longer than any interactive session; the SDK has forgotten it by then. */
  static final Duration IDLE_LIMIT = Duration.ofHours(24);

  /** Bounds memory; an evicted binding only costs its client a new initialize. */
  static final long MAX_SESSIONS = 100_000;

  private static final byte[] SESSION_NOT_FOUND =
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private final Cache<String, String> owners =
      Caffeine.newBuilder().expireAfterAccess(IDLE_LIMIT).maximumSize(MAX_SESSIONS).build();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    Optional<TollgatePrincipal> principal = TollgateFilter.principal(http);
    if (principal.isEmpty()) {
      throw new ServletException("SessionBindingFilter must run after TollgateFilter");
    }
    String owner = principal.get().accountId();
    String session = http.getHeader(SESSION_HEADER);
    if (session == null) {
      chain.doFilter(request, new BindingResponse(out, owner));
      return;
    }
    if (!owner.equals(owners.getIfPresent(session))) {
      out.setStatus(HttpServletResponse.SC_NOT_FOUND);
      out.setContentType("application/json");
      out.setContentLength(SESSION_NOT_FOUND.length);
      out.getOutputStream().write(SESSION_NOT_FOUND);
      return;
    }
    chain.doFilter(request, response);
  }

  /** Records the session id the MCP servlet assigns, under the account that asked for it. */
  private final class BindingResponse extends HttpServletResponseWrapper {
    private final String owner;

    BindingResponse(HttpServletResponse response, String owner) {
      super(response);
      this.owner = owner;
    }

    @Override
    public void setHeader(String name, String value) {
      bind(name, value);
      super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      bind(name, value);
      super.addHeader(name, value);
    }

    private void bind(String name, String value) {
      if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
        owners.asMap().putIfAbsent(value, owner);
      }
    }
  }
}
