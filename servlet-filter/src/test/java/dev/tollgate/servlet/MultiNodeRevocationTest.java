package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.revocation.JdbcRevocationRegistry;
import dev.tollgate.testsupport.Http;
import dev.tollgate.testsupport.JwtIssuer;
import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import dev.tollgate.testsupport.TomcatServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two filter instances (two embedded Tomcats) sharing one revocation table: a client revoked on one
 * node has its still-unexpired JWT refused there on the next request, and on the other node within
 * the registry's refresh bound. Runs on H2 (one in-memory database shared by both nodes) and on the
 * PostgreSQL test server.
 */
class MultiNodeRevocationTest {
  /** How often each node reads new revocations: the documented propagation bound. */
  private static final Duration REFRESH = Duration.ofMillis(200);

  /** Generous for a loaded machine, so a failure means the revocation never arrived. */
  private static final Duration POLL_LIMIT = Duration.ofSeconds(15);

  private static final Duration POLL_STEP = Duration.ofMillis(100);

  private static JwtIssuer issuer;

  @BeforeAll
  static void startIssuer() {
    issuer = JwtIssuer.start();
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  @Test
  void requestWhenClientRevokedOnOneNodeOverH2ThenOtherNodeRefusesWithinRefreshBound()
      throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(
        "jdbc:h2:mem:revocation_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    revokeOnOneNodeThenRefusedOnBoth(h2);
  }

  @Test
  @RequiresPostgres
  void requestWhenClientRevokedOnOneNodeOverPostgresThenOtherNodeRefusesWithinRefreshBound()
      throws Exception {
    revokeOnOneNodeThenRefusedOnBoth(PostgresTestDatabase.dataSource());
  }

  private static void revokeOnOneNodeThenRefusedOnBoth(DataSource database) throws Exception {
    String table = "tg_it_rev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Node first = Node.start(database, table);
        Node second = Node.start(database, table)) {
      String account = "acct-" + UUID.randomUUID();
      String onFirst = issuer.token(first.resource, account, "client-x", "mcp");
      String onSecond = issuer.token(second.resource, account, "client-x", "mcp");
      assertEquals(200, Http.get(first.resource, onFirst).statusCode());
      assertEquals(200, Http.get(second.resource, onSecond).statusCode());

      first.registry.revokeClient(account, "client-x");

      assertEquals(401, Http.get(first.resource, onFirst).statusCode());
      assertEquals(401, statusOnceRefused(second.resource, onSecond));
    } finally {
      drop(database, table);
    }
  }

  /**
   * With PostgreSQL's {@code LISTEN/NOTIFY} the other node refreshes as soon as the change commits:
   * its poll is set to a minute here, so a refusal within the 15 s limit can only come from the
   * notification. The latency measured is printed, for the record.
   */
  @Test
  @RequiresPostgres
  void
      requestWhenClientRevokedOnOneNodeOverPostgresThenOtherNodeRefusesByNotificationBeforeAnyPoll()
          throws Exception {
    DataSource database = PostgresTestDatabase.dataSource();
    String table = "tg_it_rev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Duration slowPoll = Duration.ofMinutes(1);
    try (Node first = Node.start(database, table, slowPoll);
        Node second = Node.start(database, table, slowPoll)) {
      String account = "acct-" + UUID.randomUUID();
      String onSecond = issuer.token(second.resource, account, "client-x", "mcp");
      assertEquals(200, Http.get(second.resource, onSecond).statusCode());

      long revoked = System.nanoTime();
      first.registry.revokeClient(account, "client-x");
      int status = Http.get(second.resource, onSecond).statusCode();
      long deadline = revoked + POLL_LIMIT.toNanos();
      while (status != 401 && System.nanoTime() < deadline) {
        Thread.sleep(5);
        status = Http.get(second.resource, onSecond).statusCode();
      }
      long millis = (System.nanoTime() - revoked) / 1_000_000;

      assertEquals(401, status, "refused on the other node long before its one-minute poll");
      System.out.println("Revocation reached the other node by NOTIFY within " + millis + " ms");
    } finally {
      drop(database, table);
    }
  }

  /** Polls until the node refuses the token, or the limit passes: the last status seen. */
  private static int statusOnceRefused(URI resource, String token) throws InterruptedException {
    long polls = POLL_LIMIT.toMillis() / POLL_STEP.toMillis();
    int status = Http.get(resource, token).statusCode();
    for (long i = 0; i < polls && status != 401; i++) {
      Thread.sleep(POLL_STEP.toMillis());
      status = Http.get(resource, token).statusCode();
    }
    return status;
  }

  private static void drop(DataSource database, String table) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  /** One application node: its own Tomcat, filter, gate and registry, over the shared table. */
  private static final class Node implements AutoCloseable {
    final JdbcRevocationRegistry registry;
    final TomcatServer server;
    URI resource;

    private Node(DataSource database, String table, Duration refresh) throws SQLException {
      registry =
          JdbcRevocationRegistry.builder(database)
              .tableName(table)
              .refreshInterval(refresh)
              .stalenessLimit(refresh.multipliedBy(3).plusSeconds(10))
              .build();
      registry.createSchemaIfMissing();
      server =
          TomcatServer.start(
              (context, base) -> {
                resource = base.resolve("/mcp");
                TollgateSettings settings =
                    TollgateSettings.load(
                        SettingSource.of(
                            Map.of(
                                "resource",
                                resource.toString(),
                                "issuer",
                                JwtIssuer.ISSUER,
                                "jwks-uri",
                                issuer.jwksUri().toString(),
                                "scopes",
                                "mcp")));
                Tollgate gate =
                    settings.configure(Tollgate.builder()).revocationCheck(registry).build();
                TomcatServer.filter(context, "tollgate", new TollgateFilter(gate), "/mcp");
                TomcatServer.servlet(context, "mcp", new McpServlet(), "/mcp");
              });
    }

    static Node start(DataSource database, String table) throws SQLException {
      return new Node(database, table, REFRESH);
    }

    static Node start(DataSource database, String table, Duration refresh) throws SQLException {
      return new Node(database, table, refresh);
    }

    @Override
    public void close() {
      try {
        server.close();
      } finally {
        registry.close();
      }
    }
  }
}
