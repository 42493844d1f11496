package dev.tollgate.benchmarks.load;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The floor of any Bearer filter on a servlet container: it asks for the {@code Authorization}
 * header, which makes the container decode the header's bytes into a string (for a 1 KB token a
 * cost the unfiltered servlet, which never asks, does not pay), checks the scheme and passes the
 * request on. It checks nothing else; the difference between it and the gate is the gate's own
 * work.
 */
final class HeaderReadingFilter implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String header = ((HttpServletRequest) request).getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ((HttpServletResponse) response).sendError(401);
      return;
    }
    chain.doFilter(request, response);
  }
}
