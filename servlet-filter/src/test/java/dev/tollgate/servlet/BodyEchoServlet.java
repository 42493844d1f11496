package dev.tollgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for an MCP server that reads the JSON-RPC body: answers with exactly the bytes it read
 * (through the stream, or through the reader when {@code X-Echo: reader}, re-encoded as UTF-8, or
 * with every bulk read of the stream when {@code X-Echo: bulk}, one byte skipped), the {@code
 * Content-Length} it saw and the account it acts for.
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
    } else if ("bulk".equals(request.getHeader("X-Echo"))) {
      // Every bulk read in turn: a byte, readNBytes into an array, skip, readNBytes, transferTo.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = request.getInputStream();
      out.write(in.read());
      byte[] two = new byte[2];
      out.write(two, 0, in.readNBytes(two, 0, 2));
      long skipped = in.skip(1);
      out.write(in.readNBytes(3));
      in.transferTo(out);
      response.setHeader("X-Skipped", Long.toString(skipped));
      body = out.toByteArray();
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
