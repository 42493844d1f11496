package dev.tollgate.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback JWKS endpoint whose behaviour tests switch, counting every request it receives. */
final class JwksServer implements AutoCloseable {
  /** How the endpoint answers. */
  enum Mode {
    /** 200 with the published JWK set. */
    UP,
    /** Stopped: connections are refused. Final; a stopped server does not come back. */
    DOWN,
    /** 500 Internal Server Error. */
    ERROR_500,
    /** 200 with a body that is not a JWK set. */
    GARBAGE,
    /** 200 with a JWK set larger than the resolver's size limit. */
    HUGE,
    /** Answers only after {@link #SLOW_DELAY_MILLIS}, longer than the tests' timeout. */
    SLOW
  }

  static final long SLOW_DELAY_MILLIS = 2_500;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final AtomicInteger hits = new AtomicInteger();
  private volatile Mode mode = Mode.UP;
  private volatile String body;
  private final URI uri;

  private JwksServer(JWKSet published) throws IOException {
    this.body = published.toString();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/jwks", this::handle);
    server.setExecutor(executor);
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  static JwksServer start(JWKSet published) {
    try {
      return new JwksServer(published);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  URI uri() {
    return uri;
  }

  void publish(JWKSet published) {
    body = published.toString();
  }

  void mode(Mode mode) {
    if (this.mode == Mode.DOWN) {
      throw new IllegalStateException("a stopped JWKS server stays down");
    }
    this.mode = mode;
    if (mode == Mode.DOWN) {
      server.stop(0);
    }
  }

  int hits() {
    return hits.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    hits.incrementAndGet();
    try (exchange) {
      switch (mode) {
        case UP -> send(exchange, 200, body);
        case DOWN -> send(exchange, 503, "stopping");
        case ERROR_500 -> send(exchange, 500, "{\"error\":\"boom\"}");
        case GARBAGE -> send(exchange, 200, "<html>not a jwk set</html>");
        case HUGE ->
            send(exchange, 200, "{\"keys\":[],\"pad\":\"" + "x".repeat(300 * 1024) + "\"}");
        case SLOW -> {
          try {
            Thread.sleep(SLOW_DELAY_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          send(exchange, 200, body);
        }
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (mode != Mode.DOWN) {
      server.stop(0);
    }
    executor.shutdownNow();
  }
}
