package dev.tollgate.example.soak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A loopback dependency (JWK set, introspection) that can be switched between healthy and the
 * failures a real one shows: connection refused, connection dropped without an answer, 500,
 * unparseable 200, and an answer slower than the gate's 2-second timeouts. Every switch is written
 * to a {@link DependencyTimeline}, so the soak test can tell afterwards whether a request's answer
 * may have depended on a failing dependency.
 */
final class FlappingServer implements AutoCloseable {
  /** What the dependency does with the next request. */
  enum Mode {
    UP,
    /** Nothing listens on the port. */
    REFUSED,
    /** The connection is accepted, then closed without a status line. */
    DISCONNECT,
    ERROR_500,
    /** 200 with a JSON content type and a body that is not JSON. */
    GARBAGE,
    /** The healthy answer after {@link #SLOW_DELAY_MILLIS}: past the gate's timeouts. */
    SLOW;

    boolean degraded() {
      return this != UP;
    }
  }

  /** The gate's JWKS and introspection timeouts are 2 s; 3 s makes every slow call time out. */
  static final long SLOW_DELAY_MILLIS = 3_000;

  private static final int BIND_ATTEMPTS = 100;
  private static final byte[] GARBAGE_BODY =
      "<html>upstream proxy error".getBytes(StandardCharsets.UTF_8);

  /** The healthy dependency's answer to one request. */
  interface Responder {
    Answer answer(HttpExchange exchange, byte[] body) throws IOException;
  }

  /** A status and a JSON body. */
  record Answer(int status, byte[] json) {}

  private final String path;
  private final Responder responder;
  private final int port;
  private final ExecutorService executor;
  private final DependencyTimeline timeline = new DependencyTimeline();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong goodAnswers = new AtomicLong();
  private volatile long firstGoodAnswerNanos = Long.MIN_VALUE;
  private volatile long lastGoodAnswerNanos = Long.MIN_VALUE;
  private volatile Mode mode = Mode.UP;
  private @Nullable HttpServer server;

  private FlappingServer(String path, Responder responder, HttpServer server) {
    this.path = path;
    this.responder = responder;
    this.server = server;
    this.port = server.getAddress().getPort();
    this.executor =
        Executors.newFixedThreadPool(
            8,
            runnable -> {
              Thread thread = new Thread(runnable, "soak-dependency-" + path.replace('/', '-'));
              thread.setDaemon(true);
              return thread;
            });
  }

  /** A healthy server on a free loopback port answering {@code path} with {@code responder}. */
  static FlappingServer start(String path, Responder responder) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FlappingServer flapping = new FlappingServer(path, responder, server);
      flapping.serve(server);
      return flapping;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a loopback dependency", e);
    }
  }

  private void serve(HttpServer target) {
    target.setExecutor(executor);
    target.createContext(path, this::handle);
    target.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  Mode mode() {
    return mode;
  }

  DependencyTimeline timeline() {
    return timeline;
  }

  /** Requests that reached a handler (a refused connection never does). */
  long requests() {
    return requests.get();
  }

  long goodAnswers() {
    return goodAnswers.get();
  }

  /** When the first healthy answer was written, or {@link Long#MIN_VALUE} if none was yet. */
  long firstGoodAnswerNanos() {
    return firstGoodAnswerNanos;
  }

  /** When the latest healthy answer was written, or {@link Long#MIN_VALUE} if none was yet. */
  long lastGoodAnswerNanos() {
    return lastGoodAnswerNanos;
  }

  /**
   * Switches to {@code next}. An outage is recorded as starting before the switch and ending after
   * it, so the timeline never understates it.
   */
  synchronized void switchTo(Mode next) {
    Mode previous = mode;
    if (next.degraded()) {
      timeline.degradedFrom(System.nanoTime());
    }
    if (next == Mode.REFUSED && server != null) {
      server.stop(0);
      server = null;
    }
    if (next != Mode.REFUSED && server == null) {
      server = rebind();
    }
    mode = next;
    if (!next.degraded() && previous.degraded()) {
      timeline.healthyFrom(System.nanoTime());
    }
  }

  /** The port was ours a moment ago; on loopback nobody else takes it in practice, but retry. */
  private HttpServer rebind() {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    for (int attempt = 1; ; attempt++) {
      try {
        HttpServer next = HttpServer.create(address, 0);
        serve(next);
        return next;
      } catch (BindException e) {
        if (attempt == BIND_ATTEMPTS) {
          throw new IllegalStateException("cannot listen on port " + port + " again", e);
        }
        pause(20);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Mode current = mode;
      switch (current) {
        case UP -> {
          write(exchange, responder.answer(exchange, body));
          recordGoodAnswer();
        }
        case REFUSED, DISCONNECT -> {
          // Closing before any status line drops the connection (REFUSED: a request that was
          // accepted just before the listener closed).
        }
        case ERROR_500 ->
            write(
                exchange,
                new Answer(500, "{\"error\":\"server_error\"}".getBytes(StandardCharsets.UTF_8)));
        case GARBAGE -> write(exchange, new Answer(200, GARBAGE_BODY));
        case SLOW -> {
          pause(SLOW_DELAY_MILLIS);
          write(exchange, responder.answer(exchange, body));
        }
      }
    }
  }

  private void recordGoodAnswer() {
    // Not the switching lock: a switch may stop the server while handlers are still writing.
    synchronized (goodAnswers) {
      long now = System.nanoTime();
      goodAnswers.incrementAndGet();
      if (firstGoodAnswerNanos == Long.MIN_VALUE) {
        firstGoodAnswerNanos = now;
      }
      lastGoodAnswerNanos = now;
    }
  }

  private static void write(HttpExchange exchange, Answer answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), answer.json().length);
    exchange.getResponseBody().write(answer.json());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
