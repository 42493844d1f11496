package dev.tollgate.example;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The consent step, {@code GET /consent}: names the app (its registered name and client id), the
 * demo account it will act as, and each scope it asks for; approving posts the scopes back to the
 * authorization endpoint, denying posts none (the app gets {@code access_denied}).
 */
final class DevConsentPage extends OncePerRequestFilter {
  static final String PATH = "/consent";

  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "mcp", "Use the tools of the Tollgate example MCP server",
          "mcp:credits", "Spend your credits (the charge_credits tool)",
          "account:manage", "Manage your API key and connected apps",
          "account:read", "Read your plan, credits and connected apps");

  private final DevClients clients;
  private final String authorizationPath;

  DevConsentPage(DevClients clients, String authorizationPath) {
    this.clients = clients;
    this.authorizationPath = authorizationPath;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"GET".equals(request.getMethod())
        || !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException {
    String clientId = request.getParameter("client_id");
    String state = request.getParameter("state");
    RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
    Authentication person = SecurityContextHolder.getContext().getAuthentication();
    if (client == null || state == null || person == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    Set<String> scopes = new TreeSet<>();
    String requested = request.getParameter("scope");
    if (requested != null) {
      for (String scope : requested.split(" ", -1)) {
        if (!scope.isBlank()) {
          scopes.add(scope);
        }
      }
    }
    String name =
        client.getClientName() != null && !client.getClientName().equals(client.getId())
            ? client.getClientName()
            : clientId;
    String action = request.getContextPath() + authorizationPath;
    StringBuilder html = new StringBuilder(2048);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Approve ")
        .append(AccountPageFilter.escape(name))
        .append(" - Tollgate development server</title>")
        .append(
            "<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
        .append(
            ".dev{background:#fff3cd;border:1px solid #c9a227;padding:.5rem .75rem;border-radius:4px}")
        .append("code{word-break:break-all}ul{list-style:none;padding:0}li{margin:.4rem 0}")
        .append("button{padding:.6rem 1.2rem;font-size:1rem;margin-right:.5rem;cursor:pointer}")
        .append(
            "button:focus-visible,input:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}</style></head><body><main>")
        .append("<h1>Approve ")
        .append(AccountPageFilter.escape(name))
        .append("?</h1>")
        .append(
            "<p class=\"dev\"><strong>Development only.</strong> A local authorization server for trying the example.</p>")
        .append("<p><strong>")
        .append(AccountPageFilter.escape(name))
        .append("</strong> (client id <code>")
        .append(AccountPageFilter.escape(clientId))
        .append("</code>) asks to act as <strong>")
        .append(AccountPageFilter.escape(person.getName()))
        .append("</strong> with these permissions:</p>")
        .append("<form method=\"post\" action=\"")
        .append(AccountPageFilter.escape(action))
        .append("\">")
        .append("<input type=\"hidden\" name=\"client_id\" value=\"")
        .append(AccountPageFilter.escape(clientId))
        .append("\">")
        .append("<input type=\"hidden\" name=\"state\" value=\"")
        .append(AccountPageFilter.escape(state))
        .append("\">")
        .append("<ul>");
    int index = 0;
    for (String scope : scopes) {
      String id = "scope-" + index++;
      html.append("<li><input type=\"checkbox\" name=\"scope\" id=\"")
          .append(id)
          .append("\" value=\"")
          .append(AccountPageFilter.escape(scope))
          .append("\" checked> <label for=\"")
          .append(id)
          .append("\"><code>")
          .append(AccountPageFilter.escape(scope))
          .append("</code>: ")
          .append(AccountPageFilter.escape(DESCRIPTIONS.getOrDefault(scope, "Permission " + scope)))
          .append("</label></li>");
    }
    html.append("</ul><button type=\"submit\" id=\"approve\">Approve</button></form>")
        .append("<form method=\"post\" action=\"")
        .append(AccountPageFilter.escape(action))
        .append("\">")
        .append("<input type=\"hidden\" name=\"client_id\" value=\"")
        .append(AccountPageFilter.escape(clientId))
        .append("\">")
        .append("<input type=\"hidden\" name=\"state\" value=\"")
        .append(AccountPageFilter.escape(state))
        .append("\">")
        .append("<button type=\"submit\" id=\"deny\">Deny</button></form></main></body></html>\n");
    byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
