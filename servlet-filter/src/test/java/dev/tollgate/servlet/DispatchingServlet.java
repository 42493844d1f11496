package dev.tollgate.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Hands the request on to {@code /mcp}: by an async dispatch, or by a forward. */
final class DispatchingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final boolean async;

  DispatchingServlet(boolean async) {
    this.async = async;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (async) {
      request.startAsync().dispatch("/mcp");
    } else {
      request.getRequestDispatcher("/mcp").forward(request, response);
    }
  }
}
