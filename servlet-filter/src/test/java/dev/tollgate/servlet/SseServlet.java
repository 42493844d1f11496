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
 * An MCP-style Server-Sent Events stream: starts async processing and writes one event from another
 * thread, naming the user as seen through the {@link AsyncContext}'s request.
 */
final class SseServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ExecutorService executor = Executors.newSingleThreadExecutor();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache");
    String requestThread = Thread.currentThread().getName();
    AsyncContext async = request.startAsync();
    async.setTimeout(10_000);
    executor.execute(
        () -> {
          try {
            HttpServletRequest asyncRequest = (HttpServletRequest) async.getRequest();
            String event =
                "event: message\ndata: hello "
                    + asyncRequest.getRemoteUser()
                    + " otherThread="
                    + !Thread.currentThread().getName().equals(requestThread)
                    + "\n\n";
            async.getResponse().getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
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
