package dev.tollgate.servlet;

import dev.tollgate.RequestView;
import dev.tollgate.ratelimit.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpServletRequest} seen as a {@link RequestView}. Reads only the request line and
 * headers: never the body or {@code getParameter}, which would consume a form body the application
 * still needs and could surface a token sent in it.
 */
final class ServletRequestView implements RequestView {
  private final HttpServletRequest request;
  private final TrustedProxies proxies;
  private boolean addressKnown;
  private @Nullable String address;

  ServletRequestView(HttpServletRequest request, TrustedProxies proxies) {
    this.request = request;
    this.proxies = proxies;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  /**
   * The undecoded request URI, context path included, as the metadata paths are server-absolute.
   */
  @Override
  public String path() {
    return request.getRequestURI();
  }

  /**
   * The context-relative path the container routed on: {@code getServletPath() + getPathInfo()},
   * which Servlet 6 gives decoded, with path parameters and dot segments removed. Path scope rules
   * match it, as they match what the application serves.
   */
  @Override
  public String routedPath() {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String routed = (servletPath != null ? servletPath : "") + (pathInfo != null ? pathInfo : "");
    return routed.isEmpty() ? "/" : routed;
  }

  /** Every header line, so that a second {@code Authorization} line is seen and refused. */
  @Override
  public List<String> headers(String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return List.of();
    }
    List<String> list = new ArrayList<>(1);
    while (values.hasMoreElements()) {
      list.add(values.nextElement());
    }
    return list;
  }

  @Override
  public @Nullable String queryString() {
    return request.getQueryString();
  }

  /**
   * The peer address as the container sees it; when that peer is a {@linkplain TrustedProxies
   * trusted proxy}, the client address it reports in its header.
   */
  @Override
  public @Nullable String remoteAddress() {
    // Asked by the rate limit and the audit trail alike: the proxy header is read once.
    if (!addressKnown) {
      String peer = request.getRemoteAddr();
      address =
          peer == null || !proxies.isEnabled()
              ? peer
              : proxies.clientAddress(peer, headers(proxies.header()));
      addressKnown = true;
    }
    return address;
  }

  @Override
  public String toString() {
    return request.getMethod() + " " + request.getRequestURI();
  }
}
