package dev.tollgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for an MCP endpoint: counts the requests that reach it and echoes, one {@code
 * key=value} per line, what the container says about the caller.
 */
final class McpServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  final AtomicInteger reached = new AtomicInteger();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    reached.incrementAndGet();
    Principal principal = request.getUserPrincipal();
    StringBuilder out = new StringBuilder();
    line(out, "principalClass", principal == null ? "null" : principal.getClass().getSimpleName());
    line(out, "principalName", principal == null ? "null" : principal.getName());
    line(out, "remoteUser", request.getRemoteUser());
    line(out, "authType", request.getAuthType());
    line(out, "inRole.mcp", request.isUserInRole("mcp"));
    line(out, "inRole.admin", request.isUserInRole("admin"));
    line(
        out,
        "accessor.account",
        TollgateFilter.principal(request).map(p -> p.accountId()).orElse("none"));
    line(
        out, "accessor.samePrincipal", TollgateFilter.principal(request).orElse(null) == principal);
    line(out, "param.a", request.getParameter("a"));
    response.setStatus(200);
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Mcp-Session-Id", "session-1");
    response.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void line(StringBuilder out, String key, Object value) {
    out.append(key).append('=').append(value).append('\n');
  }
}
