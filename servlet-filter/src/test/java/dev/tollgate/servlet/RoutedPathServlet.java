package dev.tollgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the context-relative path of every request that reaches it, and answers it. */
final class RoutedPathServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  final List<String> reached = new CopyOnWriteArrayList<>();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String routed =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    reached.add(routed);
    response.setStatus(200);
    response.setContentType("text/plain;charset=UTF-8");
    response.getOutputStream().write(routed.getBytes(StandardCharsets.UTF_8));
  }
}
