package dev.tollgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for an MCP server that reads the JSON-RPC body: answers with exactly the bytes it read
 * (through the stream, or through the reader when {@code X-Echo: reader}, re-encoded as UTF-8), the
 * {@code Content-Length} it saw and the account it acts for.
 */
final class BodyEchoServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  final AtomicInteger reached = new AtomicInteger();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    reached.incrementAndGet();
    byte[] body;
    if ("reader".equals(request.getHeader("X-Echo"))) {
      StringBuilder text = new StringBuilder();
      try (Reader reader = request.getReader()) {
        char[] buffer = new char[1024];
        int read;
        while ((read = reader.read(buffer)) >= 0) {
          text.append(buffer, 0, read);
        }
      }
      body = text.toString().getBytes(StandardCharsets.UTF_8);
    } else {
      body = request.getInputStream().readAllBytes();
    }
    response.setStatus(200);
    response.setContentType("application/octet-stream");
    response.setHeader("X-Content-Length", Integer.toString(request.getContentLength()));
    response.setHeader(
        "X-Account", TollgateFilter.principal(request).map(p -> p.accountId()).orElse("none"));
    response.getOutputStream().write(body);
  }
}
