package dev.tollgate.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A loopback HTTP server standing in for a dependency (introspection endpoint, account API), with
 * switchable failure modes and a record of every request it received.
 */
public final class StubHttpServer implements AutoCloseable {

  /** How the server answers. */
  public enum Mode {
    /** The responder given at start answers. */
    UP,
    /** The server is stopped: connections are refused. */
    REFUSED,
    STATUS_500,
    STATUS_503,
    STATUS_429,
    STATUS_401,
    STATUS_403,
    STATUS_404,
    REDIRECT,
    /** 200 with a body that is not JSON. */
    GARBAGE,
    /** 200 with JSON that is not an object. */
    NON_OBJECT_JSON,
    /** 200 with an empty body. */
    EMPTY,
    /** No answer until the mode changes or the server closes (at most 30 seconds). */
    SLOW,
    /** 200 with a 100 KiB JSON object and a Content-Length. */
    OVERSIZED,
    /** 200 with a 100 KiB JSON object, chunked (no Content-Length). */
    OVERSIZED_CHUNKED,
    /** The connection is closed without an answer. */
    DISCONNECT
  }

  /** One received request. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    /** The first value of header {@code name}, matched case-insensitively, or null. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** An answer from the responder. */
  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"));
    }
  }

  private static final int OVERSIZED_BYTES = 100 * 1024;

  private final Function<Request, Reply> responder;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
  private final int port;
  private volatile Mode mode = Mode.UP;
  private volatile Duration delay = Duration.ZERO;
  private HttpServer server;

  private StubHttpServer(Function<Request, Reply> responder) {
    this.responder = responder;
    this.server = bind(0);
    this.port = server.getAddress().getPort();
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port, answering with {@code responder}. */
  public static StubHttpServer start(Function<Request, Reply> responder) {
    return new StubHttpServer(Objects.requireNonNull(responder));
  }

  /** A loopback port nothing listens on (bound, then released). */
  public static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Switches how the server answers; {@link Mode#REFUSED} stops it, other modes restart it. */
  public synchronized StubHttpServer mode(Mode mode) {
    if (mode == Mode.REFUSED && this.mode != Mode.REFUSED) {
      server.stop(0);
    } else if (mode != Mode.REFUSED && this.mode == Mode.REFUSED) {
      server = bind(port);
    }
    if (this.mode == Mode.SLOW && mode != Mode.SLOW) {
      release.countDown();
      release = new CountDownLatch(1);
    }
    this.mode = mode;
    return this;
  }

  /** Delays every {@link Mode#UP} answer, so concurrent callers overlap. */
  public StubHttpServer delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** The absolute URL of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public int requestCount() {
    return requests.size();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request lastRequest() {
    return requests.get(requests.size() - 1);
  }

  @Override
  public synchronized void close() {
    release.countDown();
    if (mode != Mode.REFUSED) {
      server.stop(0);
    }
    executor.shutdownNow();
  }

  private HttpServer bind(int port) {
    try {
      HttpServer created =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      created.createContext("/", this::handle);
      created.setExecutor(executor);
      created.start();
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name, List.copyOf(values)));
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              headers,
              new String(body, StandardCharsets.UTF_8));
      requests.add(request);
      switch (mode) {
        case UP -> {
          pause(delay);
          Reply reply = responder.apply(request);
          reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
          send(exchange, reply.status(), reply.body(), true);
        }
        case STATUS_500 -> send(exchange, 500, "{\"error\":\"server_error\"}", true);
        case STATUS_503 -> send(exchange, 503, "", true);
        case STATUS_429 -> {
          exchange.getResponseHeaders().add("Retry-After", "7");
          send(exchange, 429, "", true);
        }
        case STATUS_401 -> send(exchange, 401, "{\"error\":\"invalid_client\"}", true);
        case STATUS_403 -> send(exchange, 403, "{\"error\":\"forbidden\"}", true);
        case STATUS_404 -> send(exchange, 404, "", true);
        case REDIRECT -> {
          exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
          send(exchange, 302, "", true);
        }
        case GARBAGE -> send(exchange, 200, "<html>Service temporarily down</html>", true);
        case NON_OBJECT_JSON -> send(exchange, 200, "[{\"active\":true}]", true);
        case EMPTY -> send(exchange, 200, "", true);
        case SLOW -> {
          pauseUntilReleased(release, Duration.ofSeconds(30));
          send(exchange, 200, "{\"active\":true}", true);
        }
        case OVERSIZED -> send(exchange, 200, oversizedJson(), true);
        case OVERSIZED_CHUNKED -> send(exchange, 200, oversizedJson(), false);
        case DISCONNECT -> {
          // Closing the exchange without headers drops the connection.
        }
        case REFUSED -> throw new IllegalStateException("a stopped server answered");
      }
    }
  }

  private void pause(Duration duration) {
    if (!duration.isZero()) {
      pauseUntilReleased(release, duration);
    }
  }

  private static void pauseUntilReleased(CountDownLatch latch, Duration atMost) {
    try {
      latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oversizedJson() {
    return "{\"active\":true,\"sub\":\"alice\",\"padding\":\""
        + "x".repeat(OVERSIZED_BYTES)
        + "\"}";
  }

  private static void send(HttpExchange exchange, int status, String body, boolean fixedLength)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long length = bytes.length == 0 ? -1 : fixedLength ? bytes.length : 0;
    exchange.sendResponseHeaders(status, length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      } catch (IOException e) {
        // The client hung up (for instance after reading enough of an oversized body).
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "stub-http-server");
      thread.setDaemon(true);
      return thread;
    };
  }
}
