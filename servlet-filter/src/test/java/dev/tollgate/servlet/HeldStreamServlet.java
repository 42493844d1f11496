package dev.tollgate.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Responses of every shape a concurrency slot must survive, chosen by the {@code mode} parameter:
 * {@code quick} (synchronous 200), {@code hold} (a Server-Sent Events stream sending a heartbeat
 * every 50 ms until {@link #finish()} or until a write fails because the client went away), {@code
 * throw} (the servlet fails), {@code timeout} (async started and never completed, so the container
 * times it out).
 */
final class HeldStreamServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private final transient AtomicReference<CountDownLatch> finish =
      new AtomicReference<>(new CountDownLatch(1));

  /** Ends every held stream normally. */
  void finish() {
    finish.getAndSet(new CountDownLatch(1)).countDown();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String mode = request.getParameter("mode");
    switch (mode == null ? "quick" : mode) {
      case "hold" -> hold(request, response);
      case "throw" -> throw new IllegalStateException("application failure");
      case "timeout" -> {
        AsyncContext async = request.startAsync();
        async.setTimeout(200);
      }
      default -> {
        response.setStatus(200);
        response.getWriter().write("ok");
      }
    }
  }

  private void hold(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    AsyncContext async = request.startAsync();
    async.setTimeout(60_000);
    response
        .getOutputStream()
        .write("event: open\ndata: held\n\n".getBytes(StandardCharsets.UTF_8));
    response.flushBuffer();
    CountDownLatch done = finish.get();
    AtomicReference<ScheduledFuture<?>> beat = new AtomicReference<>();
    beat.set(
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                if (done.getCount() == 0) {
                  async
                      .getResponse()
                      .getOutputStream()
                      .write("event: done\ndata: bye\n\n".getBytes(StandardCharsets.UTF_8));
                  stop(async, beat);
                  return;
                }
                async
                    .getResponse()
                    .getOutputStream()
                    .write(": beat\n\n".getBytes(StandardCharsets.UTF_8));
                async.getResponse().flushBuffer();
              } catch (IOException | RuntimeException e) {
                // The client went away.
                stop(async, beat);
              }
            },
            50,
            50,
            TimeUnit.MILLISECONDS));
  }

  private static void stop(AsyncContext async, AtomicReference<ScheduledFuture<?>> beat) {
    ScheduledFuture<?> future = beat.get();
    if (future != null) {
      future.cancel(false);
    }
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // The container completed it (error or timeout).
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
