package dev.tollgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default servlet ({@code /}): lets filters run on any path, and counts what gets past them.
 */
final class NotFoundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  final AtomicInteger reached = new AtomicInteger();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) {
    reached.incrementAndGet();
    response.setStatus(404);
  }
}
