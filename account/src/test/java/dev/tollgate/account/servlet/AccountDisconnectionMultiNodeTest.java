package dev.tollgate.account.servlet;

import static dev.tollgate.account.servlet.AccountServletTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.account.connections.JdbcConnectionStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.revocation.JdbcRevocationRegistry;
import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes over one PostgreSQL database (tables of this test's own): a disconnection
 * made on one node keeps the app out on the other across its token refreshes, until the person
 * reconnects it, on either node.
 */
@RequiresPostgres
class AccountDisconnectionMultiNodeTest {
  private static final String SUFFIX =
      UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final String KEYS = "acct_mn_keys_" + SUFFIX;
  private static final String CONNECTIONS = "acct_mn_connections_" + SUFFIX;
  private static final String REVOCATIONS = "acct_mn_revocations_" + SUFFIX;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private DataSource database;
  private AccountApp nodeA;
  private AccountApp nodeB;
  private JdbcRevocationRegistry registryA;
  private JdbcRevocationRegistry registryB;

  @BeforeEach
  void startNodes() throws SQLException {
    database = PostgresTestDatabase.dataSource();
    registryA = registry();
    registryA.createSchemaIfMissing();
    registryB = registry();
    nodeA = node(registryA);
    nodeB = node(registryB);
  }

  private JdbcRevocationRegistry registry() {
    // Refreshed by hand below, so the test never waits for a schedule.
    JdbcRevocationRegistry registry =
        JdbcRevocationRegistry.builder(database)
            .tableName(REVOCATIONS)
            .refreshInterval(Duration.ofHours(1))
            .build();
    opened.add(registry);
    return registry;
  }

  private AccountApp node(JdbcRevocationRegistry registry) throws SQLException {
    JdbcApiKeyStore keys = JdbcApiKeyStore.builder(database).tableName(KEYS).build();
    keys.createSchemaIfMissing();
    JdbcConnectionStore connections =
        JdbcConnectionStore.builder(database).tableName(CONNECTIONS).build();
    connections.createSchemaIfMissing();
    AccountApp app = AccountApp.start(keys, connections, registry);
    opened.add(0, app);
    return app;
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : new String[] {KEYS, CONNECTIONS, REVOCATIONS}) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  @Test
  void disconnectWhenMadeOnOneNodeThenRefreshedTokensRefusedOnTheOtherUntilReconnected()
      throws Exception {
    String account = "acct-" + UUID.randomUUID();
    nodeA.newAccountWithId(account);
    nodeB.newAccountWithId(account);
    Instant approved = Instant.now().minusSeconds(600);
    assertEquals(200, nodeB.mcp(nodeB.token(account, "app-1", "mcp", Instant.now(), approved)));

    HttpResponse<String> deleted =
        nodeA.send("DELETE", "/account/connections/app-1", nodeA.manager(account));
    assertEquals(200, deleted.statusCode(), deleted.body());
    registryB.refreshNow();

    Instant later = Instant.now().plusSeconds(5);
    assertEquals(401, nodeB.mcp(nodeB.token(account, "app-1", "mcp", later, approved)));
    String noAuthTime = nodeB.token(account, "app-1", "mcp", later, null);
    assertEquals(401, nodeB.mcp(noAuthTime));
    assertEquals(200, nodeB.mcp(nodeB.token(account, "app-1", "mcp", later, later)));
    assertEquals(
        "app-1",
        json(nodeB.send("GET", "/account/connections", nodeB.manager(account)))
            .get("disconnected")
            .get(0)
            .get("client_id")
            .asText());

    assertEquals(
        204,
        nodeB
            .send("POST", "/account/connections/app-1/reconnect", nodeB.manager(account))
            .statusCode());
    registryA.refreshNow();

    assertEquals(200, nodeA.mcp(nodeA.token(account, "app-1", "mcp", later, null)));
    assertEquals(200, nodeB.mcp(noAuthTime));
  }
}
