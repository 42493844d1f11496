package dev.tollgate.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Hands the request on to {@code /mcp}: by an async dispatch (optionally after committing the
 * response, as a streaming response does), or by a forward.
 */
final class DispatchingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final boolean async;
  private final boolean commitFirst;

  DispatchingServlet(boolean async) {
    this(async, false);
  }

  DispatchingServlet(boolean async, boolean commitFirst) {
    this.async = async;
    this.commitFirst = commitFirst;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (async) {
      if (commitFirst) {
        response
            .getOutputStream()
            .write("started\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        response.flushBuffer();
      }
      request.startAsync().dispatch("/mcp");
    } else {
      request.getRequestDispatcher("/mcp").forward(request, response);
    }
  }
}
