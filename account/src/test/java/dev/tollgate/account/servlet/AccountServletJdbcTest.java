package dev.tollgate.account.servlet;

import static dev.tollgate.account.servlet.AccountServletTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.account.connections.JdbcConnectionStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.revocation.JdbcRevocationRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account endpoints over real HTTP with every store in a database (embedded H2): the JDBC API
 * key store, connection store and revocation registry, each in a table of this class's own.
 */
class AccountServletJdbcTest {
  private static final String SUFFIX =
      UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final String KEYS = "acct_test_keys_" + SUFFIX;
  private static final String CONNECTIONS = "acct_test_connections_" + SUFFIX;
  private static final String REVOCATIONS = "acct_test_revocations_" + SUFFIX;

  private static JdbcDataSource dataSource;
  private static JdbcRevocationRegistry revocations;
  private static AccountApp app;

  @BeforeAll
  static void start() throws SQLException {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:account-" + SUFFIX + ";DB_CLOSE_DELAY=-1");
    JdbcApiKeyStore keys = JdbcApiKeyStore.builder(dataSource).tableName(KEYS).build();
    keys.createSchemaIfMissing();
    JdbcConnectionStore connections =
        JdbcConnectionStore.builder(dataSource).tableName(CONNECTIONS).build();
    connections.createSchemaIfMissing();
    revocations = JdbcRevocationRegistry.builder(dataSource).tableName(REVOCATIONS).build();
    revocations.createSchemaIfMissing();
    app = AccountApp.start(keys, connections, revocations);
  }

  @AfterAll
  static void stop() throws SQLException {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      if (revocations != null) {
        revocations.close();
      }
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        for (String table : new String[] {KEYS, CONNECTIONS, REVOCATIONS}) {
          statement.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  @Test
  void keyLifecycleWhenStoredInTheDatabaseThenCreateRenewRevokeBiteOnTheNextRequest()
      throws Exception {
    String account = app.paidAccount();
    String manager = app.manager(account);

    HttpResponse<String> created = app.send("POST", "/account/api-key", manager);
    assertEquals(201, created.statusCode(), created.body());
    String first = json(created).get("api_key").asText();
    assertEquals(200, app.mcp(first));
    assertEquals(409, app.send("POST", "/account/api-key", manager).statusCode());

    String second =
        json(app.send("POST", "/account/api-key/renew", manager)).get("api_key").asText();
    assertEquals(401, app.mcp(first));
    assertEquals(200, app.mcp(second));
    assertEquals(
        second.substring(4, 12),
        json(app.send("GET", "/account", manager)).get("api_key").get("display_prefix").asText());

    assertEquals(204, app.send("DELETE", "/account/api-key", manager).statusCode());
    assertEquals(401, app.mcp(second));
    assertEquals(404, app.send("DELETE", "/account/api-key", manager).statusCode());
  }

  @Test
  void createWhenFreeWithoutCreditsThenRefusedAndNothingStored() throws Exception {
    String account = app.newAccount(Plan.FREE, 0);

    HttpResponse<String> response = app.send("POST", "/account/api-key", app.manager(account));

    assertEquals(403, response.statusCode());
    assertEquals("entitlement_required", json(response).get("error").asText());
    assertEquals(0, rows(KEYS, account));
  }

  @Test
  void connectionsWhenStoredInTheDatabaseThenListedAndDisconnectRevokesThroughTheRegistry()
      throws Exception {
    String account = app.paidAccount();
    String tokenA = app.token(account, "client-a", "mcp mcp:tools");
    String tokenB = app.token(account, "client-b", "mcp");
    assertEquals(200, app.mcp(tokenA));
    assertEquals(200, app.mcp(tokenB));
    assertEquals(2, rows(CONNECTIONS, account));

    JsonNode listed =
        json(app.send("GET", "/account/connections", app.manager(account))).get("connections");
    assertEquals(2, listed.size());

    assertEquals(
        200,
        app.send("DELETE", "/account/connections/client-a", app.manager(account)).statusCode());

    assertEquals(401, app.mcp(tokenA));
    assertEquals(200, app.mcp(tokenB));
    assertEquals(1, rows(CONNECTIONS, account));
    assertEquals(
        1, rows(REVOCATIONS, account), "the revocation is in the shared table for other nodes");
    JsonNode after = json(app.send("GET", "/account/connections", app.manager(account)));
    assertEquals(1, after.get("connections").size());
    assertEquals("client-b", after.get("connections").get(0).get("client_id").asText());
    assertEquals("client-a", after.get("disconnected").get(0).get("client_id").asText());
  }

  private static int rows(String table, String account) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM " + table + " WHERE account_id = '" + account + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
