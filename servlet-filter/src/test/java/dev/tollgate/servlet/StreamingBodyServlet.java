package dev.tollgate.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An MCP streamable-HTTP answer: starts async processing, reads the (replayed) JSON-RPC body on
 * another thread through the {@link AsyncContext}'s request, and streams two SSE events, flushing
 * after each.
 */
final class StreamingBodyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ExecutorService executor = Executors.newSingleThreadExecutor();

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache");
    AsyncContext async = request.startAsync();
    async.setTimeout(10_000);
    executor.execute(
        () -> {
          try {
            HttpServletRequest asyncRequest = (HttpServletRequest) async.getRequest();
            byte[] body = asyncRequest.getInputStream().readAllBytes();
            var out = async.getResponse().getOutputStream();
            out.write(
                ("event: message\ndata: read "
                        + body.length
                        + " bytes as "
                        + asyncRequest.getRemoteUser()
                        + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            async.getResponse().flushBuffer();
            out.write("event: message\ndata: ".getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
            async.getResponse().flushBuffer();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
