package dev.tollgate.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Responses of every shape a concurrency slot must survive, chosen by the {@code mode} parameter:
 * {@code quick} (synchronous 200), {@code hold} (a Server-Sent Events stream sending a heartbeat
 * every 50 ms until {@link #finish()} or until a write fails because the client went away), {@code
 * throw} (the servlet fails), {@code timeout} (async started and never completed, so the container
 * times it out).
 *
 * <p>Held streams are counted per account ({@link #live}, {@link #ended}) by the application's own
 * view: a stream is live once its first event was flushed and its heartbeat scheduled, and ended
 * when its heartbeat stops or the container reports it complete, failed or timed out. A test can so
 * tell a stream the container broke (a first flush that failed) from a slot the gate gave back.
 */
final class HeldStreamServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private final transient AtomicReference<CountDownLatch> finish =
      new AtomicReference<>(new CountDownLatch(1));
  private final transient ConcurrentHashMap<String, StreamCounts> streams =
      new ConcurrentHashMap<>();

  /** Held streams of {@code account} open now. */
  int live(String account) {
    return counts(account).live.get();
  }

  /** Held streams of {@code account} that ended, or failed before they were live. */
  int ended(String account) {
    return counts(account).ended.get();
  }

  private StreamCounts counts(String account) {
    return streams.computeIfAbsent(account, key -> new StreamCounts());
  }

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
    Stream stream = new Stream(counts(request.getRemoteUser()));
    response.setStatus(200);
    response.setContentType("text/event-stream");
    AsyncContext async = request.startAsync();
    async.setTimeout(60_000);
    async.addListener(stream);
    try {
      response
          .getOutputStream()
          .write("event: open\ndata: held\n\n".getBytes(StandardCharsets.UTF_8));
      response.flushBuffer();
    } catch (IOException | RuntimeException e) {
      stream.end();
      throw e;
    }
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
                  stop(async, beat, stream);
                  return;
                }
                async
                    .getResponse()
                    .getOutputStream()
                    .write(": beat\n\n".getBytes(StandardCharsets.UTF_8));
                async.getResponse().flushBuffer();
              } catch (IOException | RuntimeException e) {
                // The client went away.
                stop(async, beat, stream);
              }
            },
            50,
            50,
            TimeUnit.MILLISECONDS));
    stream.live();
  }

  private static void stop(
      AsyncContext async, AtomicReference<ScheduledFuture<?>> beat, Stream stream) {
    stream.end();
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

  /** An account's held streams: live now, and ended (or failed before live). */
  private static final class StreamCounts {
    final AtomicInteger live = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
  }

  /** One held stream: counted live once, ended once, whichever comes first. */
  private static final class Stream implements AsyncListener {
    private final StreamCounts counts;
    private boolean wasLive;
    private boolean hasEnded;

    Stream(StreamCounts counts) {
      this.counts = counts;
    }

    synchronized void live() {
      if (!hasEnded && !wasLive) {
        wasLive = true;
        counts.live.incrementAndGet();
      }
    }

    synchronized void end() {
      if (!hasEnded) {
        hasEnded = true;
        if (wasLive) {
          counts.live.decrementAndGet();
        }
        counts.ended.incrementAndGet();
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      end();
    }

    @Override
    public void onError(AsyncEvent event) {
      end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
