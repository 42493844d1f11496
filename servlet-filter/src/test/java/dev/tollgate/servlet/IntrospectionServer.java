package dev.tollgate.servlet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback RFC 7662 endpoint: checks the resource server's Basic credentials, answers from a
 * table of tokens, counts every call, and can be switched into an outage (HTTP 500).
 */
final class IntrospectionServer implements AutoCloseable {
  static final String CLIENT_ID = "mcp-resource";
  static final String CLIENT_SECRET = "introspection-secret";

  /** Long enough that concurrent first requests overlap the first call; not a timing assertion. */
  private static final long ANSWER_DELAY_MILLIS = 50;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, String> responses = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean down;
  private final URI uri;

  private IntrospectionServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/introspect", this::handle);
    server.setExecutor(executor);
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/introspect");
  }

  static IntrospectionServer start() {
    try {
      return new IntrospectionServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return uri;
  }

  /** Declares {@code token} active for {@code account}, audience {@code audience}. */
  void activate(String token, String account, String audience, String scope) {
    long exp = System.currentTimeMillis() / 1000 + 300;
    responses.put(
        token,
        "{\"active\":true,\"sub\":\""
            + account
            + "\",\"aud\":\""
            + audience
            + "\",\"scope\":\""
            + scope
            + "\",\"client_id\":\"client-o\",\"exp\":"
            + exp
            + "}");
  }

  void down(boolean down) {
    this.down = down;
  }

  int calls() {
    return calls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      try {
        Thread.sleep(ANSWER_DELAY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (down) {
        send(exchange, 500, "{\"error\":\"server_error\"}");
        return;
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      String token = null;
      for (String pair : body.split("&")) {
        if (pair.startsWith("token=")) {
          token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
      }
      String answer = token == null ? null : responses.get(token);
      send(exchange, 200, answer != null ? answer : "{\"active\":false}");
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
    server.stop(0);
    executor.shutdownNow();
  }
}
