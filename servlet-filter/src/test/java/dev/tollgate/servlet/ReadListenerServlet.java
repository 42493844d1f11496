package dev.tollgate.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Reads the body with non-blocking I/O (a {@link ReadListener}) and answers with its bytes. */
final class ReadListenerServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(10_000);
    ServletInputStream in = request.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    in.setReadListener(
        new ReadListener() {
          @Override
          public void onDataAvailable() throws IOException {
            byte[] buffer = new byte[256];
            while (in.isReady() && !in.isFinished()) {
              int read = in.read(buffer);
              if (read > 0) {
                received.write(buffer, 0, read);
              }
            }
          }

          @Override
          public void onAllDataRead() throws IOException {
            response.setStatus(200);
            response.setContentType("application/octet-stream");
            response.getOutputStream().write(received.toByteArray());
            async.complete();
          }

          @Override
          public void onError(Throwable failure) {
            response.setStatus(500);
            async.complete();
          }
        });
  }
}
