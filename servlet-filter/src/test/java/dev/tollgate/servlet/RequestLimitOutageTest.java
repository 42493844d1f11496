package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.ratelimit.PostgresRateLimitStore;
import dev.tollgate.ratelimit.RateLimit;
import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import dev.tollgate.testsupport.SwitchableDataSource;
import dev.tollgate.testsupport.TomcatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL limit store going down and coming back, through the filter: fail-open keeps
 * serving under local limits, fail-closed answers 503 with {@code Retry-After}; both use the shared
 * store again on the next request after it is back, with no slot left stuck.
 */
@RequiresPostgres
class RequestLimitOutageTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static DataSource database;
  private static SwitchableDataSource switchable;
  private static PostgresRateLimitStore store;
  private static String prefix;
  private static TomcatServer server;
  private static URI open;
  private static URI closed;

  @BeforeAll
  static void start() {
    database = PostgresTestDatabase.dataSource();
    switchable = new SwitchableDataSource(database);
    prefix = "tg_it_rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    store =
        PostgresRateLimitStore.builder(switchable)
            .tablePrefix(prefix)
            .timeout(Duration.ofSeconds(5))
            .build();
    store.createSchemaIfMissing();
    server =
        TomcatServer.start(
            (context, base) -> {
              open = base.resolve("/open");
              closed = base.resolve("/closed");
              TomcatServer.servlet(context, "app", new HeldStreamServlet(), "/open", "/closed");
              TomcatServer.filter(context, "open", new TollgateFilter(gate(open, false)), "/open");
              TomcatServer.filter(
                  context, "closed", new TollgateFilter(gate(closed, true)), "/closed");
            });
  }

  private static Tollgate gate(URI resource, boolean failClosed) {
    PlanRequestLimiter.Builder limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("3/PT1H"))
            .concurrency("free", 1)
            .store(store)
            .concurrencyStore(store);
    if (failClosed) {
      limiter.failClosed();
    }
    return Tollgate.builder()
        .resource(resource)
        .resolver(
            credential ->
                Resolution.resolved(
                    TollgatePrincipal.builder(credential.value())
                        .scopes(Set.of("mcp"))
                        .attributes(Map.of("plan", "free"))
                        .build()))
        .requiredScopes(Set.of("mcp"))
        .requestLimiter(limiter.build())
        .build();
  }

  @AfterAll
  static void stop() throws SQLException {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + prefix + "_bucket");
      statement.execute("DROP TABLE IF EXISTS " + prefix + "_slot");
    }
  }

  @Test
  void doFilterWhenStoreDownThenPerSettingAndSharedAgainOnTheNextRequestAfterRecovery()
      throws Exception {
    assertEquals(200, get(open, "alice").statusCode());
    assertEquals(200, get(closed, "bob").statusCode());

    switchable.down();
    HttpResponse<String> unavailable = get(closed, "bob");
    int openStatus1 = get(open, "alice").statusCode();
    int openStatus2 = get(open, "alice").statusCode();
    int openStatus3 = get(open, "alice").statusCode();
    int openStatus4 = get(open, "alice").statusCode();
    switchable.up();

    assertEquals(503, unavailable.statusCode());
    assertTrue(unavailable.headers().firstValue("Retry-After").isPresent());
    assertFalse(unavailable.headers().firstValue("WWW-Authenticate").isPresent());
    assertEquals(200, openStatus1, "fail-open: served under local limits");
    assertEquals(200, openStatus2);
    assertEquals(200, openStatus3);
    assertEquals(429, openStatus4, "the local bucket holds the same limit");
    assertEquals(
        200, get(closed, "bob").statusCode(), "recovered on the next request, no slot stuck");
    assertEquals(
        200,
        get(open, "alice").statusCode(),
        "the shared bucket again: 1 of 3 spent before the outage");
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
}
