package dev.tollgate.account.servlet;

import static dev.tollgate.account.servlet.AccountServletTest.assertError;
import static dev.tollgate.account.servlet.AccountServletTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.revocation.RevocationRegistry;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The account endpoints restricted to the account page's client, and the servlet's own audience
 * check behind a gate misconfigured to accept MCP tokens; each test starts its own application.
 */
class AccountServletClientsTest {

  private static AccountApp start(AccountApp.Options options) {
    return AccountApp.start(
        ApiKeyStore.inMemory(), ConnectionStore.inMemory(), RevocationRegistry.inMemory(), options);
  }

  @Test
  void serviceWhenClientNotAllowedThen403ClientNotAllowedWithoutChallengeAndNothingDone()
      throws Exception {
    try (AccountApp app = start(new AccountApp.Options(Set.of("account-page"), false))) {
      String account = app.paidAccount();
      String other = app.accountToken(account, "other-app", "account:manage");

      HttpResponse<String> refused = app.send("POST", "/account/api-key", other);

      assertError(refused, 403, AccountServlet.CLIENT_NOT_ALLOWED);
      assertTrue(refused.headers().firstValue("WWW-Authenticate").isEmpty());
      assertTrue(app.keyStore.findByAccount(account).isEmpty());
      assertEquals(403, app.send("GET", "/account", other).statusCode());
      HttpResponse<String> created = app.send("POST", "/account/api-key", app.manager(account));
      assertEquals(201, created.statusCode(), created.body());
      assertEquals(200, app.send("GET", "/account", app.manager(account)).statusCode());
    }
  }

  @Test
  void serviceWhenGateMisconfiguredToAcceptMcpTokensThenTheServletStillRefusesThem()
      throws Exception {
    try (AccountApp app = start(new AccountApp.Options(Set.of(), true))) {
      String account = app.paidAccount();
      String mcpToken = app.token(account, "account-page", "account:manage");

      HttpResponse<String> response = app.send("POST", "/account/api-key", mcpToken);

      assertError(response, 401, "invalid_token");
      assertEquals(
          AccountServlet.WRONG_AUDIENCE, json(response).get("error_description").asText());
      assertTrue(app.keyStore.findByAccount(account).isEmpty());
    }
  }
}
