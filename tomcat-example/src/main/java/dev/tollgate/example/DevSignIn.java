package dev.tollgate.example;

import dev.tollgate.example.demo.DemoAccounts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signing a person in at the development server: no passwords, the person picks a demo account
 * ({@link Page}, {@link Accounts}); or, with {@code TOLLGATE_DEV_AUTO_LOGIN}, every authorization
 * request is signed in as one account without a page ({@link AutoLogin}).
 */
final class DevSignIn {
  static final String LOGIN_PATH = "/login";

  private DevSignIn() {}

  /** The person as demo account {@code account}. */
  static Authentication as(String account) {
    return UsernamePasswordAuthenticationToken.authenticated(
        account, null, AuthorityUtils.createAuthorityList("ROLE_USER"));
  }

  static boolean isDemoAccount(@Nullable String name) {
    return name != null
        && DemoAccounts.ACCOUNTS.stream().anyMatch(account -> account.id().equals(name));
  }

  /** Accepts a demo account's name, whatever the password. */
  static final class Accounts implements AuthenticationProvider {
    @Override
    public Authentication authenticate(Authentication authentication) {
      String name = authentication.getName();
      if (!isDemoAccount(name)) {
        throw new BadCredentialsException("not a demo account");
      }
      return as(name);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
  }

  /** Signs every request to the authorization endpoint in as one demo account. */
  static final class AutoLogin extends OncePerRequestFilter {
    private final String account;
    private final String authorizationPath;

    AutoLogin(String account, String authorizationPath) {
      this.account = account;
      this.authorizationPath = authorizationPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      return !authorizationPath.equals(
          request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      Authentication current = SecurityContextHolder.getContext().getAuthentication();
      if (current == null || !current.isAuthenticated() || !isDemoAccount(current.getName())) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(as(account));
        SecurityContextHolder.setContext(context);
      }
      chain.doFilter(request, response);
    }
  }

  /** The sign-in page, {@code GET /login}: one button per demo account. */
  static final class Page extends OncePerRequestFilter {
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      return !"GET".equals(request.getMethod())
          || !LOGIN_PATH.equals(
              request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException {
      CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
      StringBuilder html = new StringBuilder(2048);
      html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .append("<title>Sign in - Tollgate development server</title>")
          .append(
              "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
          .append(
              ".dev{background:#fff3cd;border:1px solid #c9a227;padding:.5rem .75rem;border-radius:4px}")
          .append(
              "button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem;text-align:left;cursor:pointer}")
          .append(
              "button:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}</style></head><body><main>")
          .append("<h1>Sign in</h1>")
          .append(
              "<p class=\"dev\"><strong>Development only.</strong> This authorization server checks no password: ")
          .append("pick the demo account to act as.</p>");
      if (request.getParameter("error") != null) {
        html.append("<p role=\"alert\">That is not a demo account. Pick one below.</p>");
      }
      html.append("<form method=\"post\" action=\"")
          .append(request.getContextPath())
          .append(LOGIN_PATH)
          .append("\">");
      if (csrf != null) {
        html.append("<input type=\"hidden\" name=\"")
            .append(AccountPageFilter.escape(csrf.getParameterName()))
            .append("\" value=\"")
            .append(AccountPageFilter.escape(csrf.getToken()))
            .append("\">");
      }
      html.append("<input type=\"hidden\" name=\"password\" value=\"\">");
      for (dev.tollgate.entitlement.Account account : DemoAccounts.ACCOUNTS) {
        html.append("<button type=\"submit\" name=\"username\" value=\"")
            .append(AccountPageFilter.escape(account.id()))
            .append("\">")
            .append(AccountPageFilter.escape(account.id()))
            .append(" <small>(")
            .append(AccountPageFilter.escape(planName(account)))
            .append(")</small></button>");
      }
      html.append("</form></main></body></html>\n");
      byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType("text/html;charset=UTF-8");
      response.setHeader("Cache-Control", "no-store");
      // No form-action: browsers apply it to the redirects after the form too, and the sign-in
      // ends at the client's callback on another origin.
      response.setHeader(
          "Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }

    private static String planName(dev.tollgate.entitlement.Account account) {
      List<String> words =
          List.of(account.plan().name().toLowerCase(java.util.Locale.ROOT).split("_"));
      return String.join(" ", words) + " plan";
    }
  }
}
