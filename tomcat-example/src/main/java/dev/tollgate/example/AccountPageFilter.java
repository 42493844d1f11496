package dev.tollgate.example;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Serves the account page, a static HTML, JavaScript and CSS page that signs the person in at the
 * authorization server (authorization code with PKCE, in the browser) and calls the account
 * endpoints with the access token it obtained.
 *
 * <p>It answers only {@code GET} and {@code HEAD} of {@code /account/}, {@code /account/account.js}
 * and {@code /account/account.css} without an {@code Authorization} header: a browser navigating
 * there carries no credential, and such a request would only be challenged (401) by the account
 * gate behind this filter. Any request with a credential, and every other path, goes on to that
 * gate, so the page shadows no authenticated endpoint.
 *
 * <p>The page is served with a strict Content Security Policy (scripts and styles from this origin
 * only; {@code fetch} to this origin, the resource's and the authorization servers'), {@code
 * Referrer-Policy: no-referrer} (so the authorization code in the redirect's query never leaves in
 * a {@code Referer}) and {@code Cache-Control: no-store}.
 */
final class AccountPageFilter implements Filter {
  /** The client id the page uses at the authorization server when none is configured. */
  static final String DEFAULT_CLIENT_ID = "tollgate-account-page";

  private static final String RESOURCE_DIR = "/dev/tollgate/example/account/";

  private final String base;
  private final Map<String, Asset> assets;
  private final String contentSecurityPolicy;

  // Assets are never compared or hashed; the array is the bytes to send, as read.
  @SuppressWarnings("ArrayRecordComponent")
  private record Asset(String contentType, byte[] body) {}

  /**
   * A page under {@code base} (e.g. {@code /account}) that discovers the authorization server
   * through {@code resourceMetadataUrl} and signs in as {@code clientId}; {@code connectOrigins}
   * are the origins it may fetch from besides its own.
   */
  AccountPageFilter(
      String base, URI resourceMetadataUrl, String clientId, List<String> connectOrigins) {
    this.base = Objects.requireNonNull(base, "base == null");
    String html =
        text("index.html")
            .replace("%RESOURCE_METADATA_URL%", escape(resourceMetadataUrl.toString()))
            .replace("%CLIENT_ID%", escape(clientId));
    this.assets =
        Map.of(
            base + "/",
            new Asset("text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8)),
            base + "/account.js",
            new Asset("text/javascript;charset=UTF-8", bytes("account.js")),
            base + "/account.css",
            new Asset("text/css;charset=UTF-8", bytes("account.css")));
    Set<String> connect = new LinkedHashSet<>();
    connect.add("'self'");
    connect.addAll(connectOrigins);
    this.contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src "
            + String.join(" ", connect)
            + "; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String method = http.getMethod();
    Asset asset = assets.get(http.getRequestURI().substring(http.getContextPath().length()));
    if (asset == null
        || http.getHeader("Authorization") != null
        || !("GET".equals(method) || "HEAD".equals(method))) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse out = (HttpServletResponse) response;
    out.setStatus(HttpServletResponse.SC_OK);
    out.setContentType(asset.contentType());
    out.setHeader("Cache-Control", "no-store");
    out.setHeader("Content-Security-Policy", contentSecurityPolicy);
    out.setHeader("Referrer-Policy", "no-referrer");
    out.setHeader("X-Content-Type-Options", "nosniff");
    out.setHeader("X-Frame-Options", "DENY");
    out.setContentLength(asset.body().length);
    if ("GET".equals(method)) {
      out.getOutputStream().write(asset.body());
    }
  }

  /** The page's path, {@code <base>/}. */
  String pagePath() {
    return base + "/";
  }

  private static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) {
    try (InputStream in = AccountPageFilter.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("account page resource missing: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read account page resource " + name, e);
    }
  }

  /** Escapes for an HTML attribute value. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
