package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tollgate.example.demo.DemoAccounts;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code TOLLGATE_DATABASE_URL}: API keys, credits, connected apps and revocations live in that
 * database, across restarts.
 */
class ExampleServerDatabaseTest {
  private final ExampleHttp http = new ExampleHttp();

  @Test
  void startWhenDatabaseUrlThenKeysAndCreditsStoredThereAndKeysRenewedOnRestart() throws Exception {
    String url = "jdbc:h2:mem:example-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    ExampleConfig config = ExampleConfig.ephemeral().withDatabaseUrl(url);
    String firstKey;
    try (ExampleServer server = ExampleServer.start(config)) {
      firstKey = server.apiKey(DemoAccounts.CREDITS).orElseThrow();
      HttpResponse<String> charged =
          http.callTool(server.resource(), firstKey, "charge_credits", Map.of("amount", 5));
      assertEquals(200, charged.statusCode(), charged.body());
      assertEquals(
          95,
          single(
              url,
              "select balance from tollgate_credit_balances where account_id = ?",
              DemoAccounts.CREDITS));
      assertEquals(
          3, single(url, "select count(*) from tollgate_api_key where account_id <> ?", "-"));

      String oauth =
          http.token(
              server.devAuthorizationServer().orElseThrow().tokenEndpoint(),
              DemoAccounts.ENTERPRISE,
              server.resource().toString(),
              null);
      assertEquals(
          200,
          http.post(server.resource(), oauth, ExampleHttp.INITIALIZE, null, null).statusCode());
      assertEquals(
          1,
          single(
              url,
              "select count(*) from tollgate_connection where account_id = ?",
              DemoAccounts.ENTERPRISE));

      server.revocations().revokeClient(DemoAccounts.PRO, "some-app");
      assertEquals(
          1,
          single(
              url,
              "select count(*) from tollgate_revocation where account_id = ?",
              DemoAccounts.PRO));
    }

    try (ExampleServer restarted = ExampleServer.start(config)) {
      String renewed = restarted.apiKey(DemoAccounts.CREDITS).orElseThrow();
      assertNotEquals(firstKey, renewed);
      assertEquals(
          401,
          http.post(restarted.resource(), firstKey, ExampleHttp.INITIALIZE, null, null)
              .statusCode());
      assertEquals(
          200,
          http.post(restarted.resource(), renewed, ExampleHttp.INITIALIZE, null, null)
              .statusCode());
      assertEquals(
          3, single(url, "select count(*) from tollgate_api_key where account_id <> ?", "-"));
      assertEquals(
          List.of(DemoAccounts.PRO + "/some-app"),
          restarted.revocations().revocations().stream()
              .map(revocation -> revocation.accountId() + "/" + revocation.clientId())
              .toList());
    }
  }

  private static long single(String url, String sql, String parameter) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
