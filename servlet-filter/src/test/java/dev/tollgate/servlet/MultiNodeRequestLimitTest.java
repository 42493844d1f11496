package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.ratelimit.PostgresRateLimitStore;
import dev.tollgate.ratelimit.RateLimit;
import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import dev.tollgate.testsupport.TomcatServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three filter instances (three embedded Tomcats) sharing one PostgreSQL: an account's request and
 * concurrency limits hold across the nodes, not once per node.
 */
@RequiresPostgres
class MultiNodeRequestLimitTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final RateLimit LIMIT = RateLimit.parse("30/PT1H");
  private static final int SLOTS = 2;
  private static final Pattern LIMIT_FIELD = Pattern.compile("\"free\";r=0;t=\\d+");

  private static DataSource database;
  private static String prefix;
  private static final List<Node> nodes = new ArrayList<>();

  @BeforeAll
  static void startNodes() {
    database = PostgresTestDatabase.dataSource();
    prefix = "tg_it_rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    for (int i = 0; i < 3; i++) {
      nodes.add(Node.start(database, prefix));
    }
  }

  @AfterAll
  static void stopNodes() throws SQLException {
    nodes.forEach(Node::close);
    if (database != null) {
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + "_bucket");
        statement.execute("DROP TABLE IF EXISTS " + prefix + "_slot");
      }
    }
  }

  /**
   * 150 requests of one account from 12 threads spread over three nodes. Admitted: the bucket's 30,
   * plus at most the tokens that dripped back while the test ran (one every two minutes), never 30
   * per node. Each consumption is a row-locked transaction, so there is no race to tolerate beyond
   * that refill.
   */
  @Test
  void doFilterWhenOneAccountHammersThreeNodesThenAdmittedStaysWithinItsLimit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    long started = System.nanoTime();
    try {
      for (int i = 0; i < 150; i++) {
        Node node = nodes.get(i % nodes.size());
        responses.add(pool.submit(() -> get(node.resource("/mcp"), "hammer")));
      }
      int admitted = 0;
      for (Future<HttpResponse<String>> future : responses) {
        HttpResponse<String> response = future.get();
        if (response.statusCode() == 200) {
          admitted++;
          continue;
        }
        assertEquals(429, response.statusCode(), response.body());
        long retryAfter =
            Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 120, "Retry-After " + retryAfter);
        assertEquals(
            "\"free\";q=30;w=3600",
            response.headers().firstValue("RateLimit-Policy").orElseThrow());
        String field = response.headers().firstValue("RateLimit").orElseThrow();
        assertTrue(LIMIT_FIELD.matcher(field).matches(), field);
      }
      long refilled = (System.nanoTime() - started) / Duration.ofMinutes(2).toNanos() + 1;

      assertTrue(admitted >= 30 && admitted <= 30 + refilled, "admitted " + admitted + " of 150");
      for (Node node : nodes) {
        assertEquals(
            200,
            get(node.resource("/mcp"), "bystander").statusCode(),
            "another account is unaffected");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void doFilterWhenStreamsOnTwoNodesHoldEverySlotThenThirdNodeRefusesUntilOneCompletes()
      throws Exception {
    Socket first = openStream(nodes.get(0), "streamer");
    Socket second = openStream(nodes.get(1), "streamer");
    try {
      HttpResponse<String> refused = get(nodes.get(2).resource("/mcp"), "streamer");

      assertEquals(429, refused.statusCode());
      assertEquals(
          "\"streaming-concurrency\";r=0;t=1",
          refused.headers().firstValue("RateLimit").orElseThrow());
    } finally {
      first.close();
      second.close();
    }
    assertTrue(eventuallyAllowed(nodes.get(2), "streamer"), "slots come back once the streams end");
  }

  private static boolean eventuallyAllowed(Node node, String account) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (get(node.resource("/mcp"), account).statusCode() == 200) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static Socket openStream(Node node, String account) throws IOException {
    Socket socket = new Socket("127.0.0.1", node.server.port());
    socket.setSoTimeout(10_000);
    String request =
        "GET /mcp?mode=hold HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + account
            + "\r\nAccept: text/event-stream\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String status = in.readLine();
    assertTrue(status != null && status.contains(" 200 "), "stream status: " + status);
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("data: held")) {
        return socket;
      }
    }
    throw new IOException("stream ended before its first event");
  }

  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * One node: its own Tomcat (plan {@code free}: the bucket; tokens {@code stream*}: plan {@code
   * streaming}, the cap), filter, limiter and store, on the shared tables.
   */
  private static final class Node implements AutoCloseable {
    final TomcatServer server;
    final PostgresRateLimitStore store;
    final HeldStreamServlet app;

    private Node(TomcatServer server, PostgresRateLimitStore store, HeldStreamServlet app) {
      this.server = server;
      this.store = store;
      this.app = app;
    }

    static Node start(DataSource database, String prefix) {
      // Fail closed with a generous timeout: on a busy test machine a slow query must show up as a
      // 503 (failing the test), never as local limits that would admit more than the shared bucket.
      PostgresRateLimitStore store =
          PostgresRateLimitStore.builder(database)
              .tablePrefix(prefix)
              .timeout(Duration.ofSeconds(5))
              .build();
      store.createSchemaIfMissing();
      HeldStreamServlet app = new HeldStreamServlet();
      TomcatServer server =
          TomcatServer.start(
              (context, base) -> {
                PlanRequestLimiter limiter =
                    PlanRequestLimiter.builder()
                        .plan("free", LIMIT)
                        .concurrency("streaming", SLOTS)
                        .store(store)
                        .concurrencyStore(store)
                        .failClosed()
                        .build();
                Tollgate gate =
                    Tollgate.builder()
                        .resource(base.resolve("/mcp"))
                        .resolver(
                            credential ->
                                Resolution.resolved(
                                    TollgatePrincipal.builder(credential.value())
                                        .scopes(Set.of("mcp"))
                                        .attributes(
                                            Map.of(
                                                "plan",
                                                credential.value().startsWith("stream")
                                                    ? "streaming"
                                                    : "free"))
                                        .build()))
                        .requiredScopes(Set.of("mcp"))
                        .requestLimiter(limiter)
                        .build();
                TomcatServer.servlet(context, "app", app, "/mcp");
                TomcatServer.filter(context, "tollgate", new TollgateFilter(gate), "/mcp");
              });
      return new Node(server, store, app);
    }

    URI resource(String path) {
      return server.base().resolve(path);
    }

    @Override
    public void close() {
      server.close();
      store.close();
    }
  }
}
