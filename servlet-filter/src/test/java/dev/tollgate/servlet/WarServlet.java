package dev.tollgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servlet a test WAR declares by class name; counts requests in a static, as the container
 * creates it.
 */
public final class WarServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final AtomicInteger REACHED = new AtomicInteger();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) {
    REACHED.incrementAndGet();
    response.setStatus(204);
  }
}
