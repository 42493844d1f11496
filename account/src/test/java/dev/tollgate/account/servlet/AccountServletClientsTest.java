package dev.tollgate.account.servlet;

import static dev.tollgate.account.servlet.AccountServletTest.assertError;
import static dev.tollgate.account.servlet.AccountServletTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.bearer.Challenges;
import dev.tollgate.revocation.RevocationRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The account endpoints in applications configured otherwise than {@link AccountServletTest}'s:
 * restricted to the account page's client, behind a gate misconfigured to accept MCP tokens,
 * without a grant revoker, on a registry clock between two milliseconds. Each test starts its own
 * application.
 */
class AccountServletClientsTest {

  private static AccountApp start(AccountApp.Options options) {
    return AccountApp.start(
        ApiKeyStore.inMemory(), ConnectionStore.inMemory(), RevocationRegistry.inMemory(), options);
  }

  @Test
  void deleteConnectionWhenNoGrantRevokerConfiguredThenNotConfiguredAndStillDisconnected()
      throws Exception {
    try (AccountApp app = start(new AccountApp.Options(Set.of(), false, false))) {
      String account = app.paidAccount();
      String token = app.token(account, "client-n", "mcp");
      assertEquals(200, app.mcp(token));

      HttpResponse<String> deleted =
          app.send("DELETE", "/account/connections/client-n", app.manager(account));

      assertEquals(200, deleted.statusCode(), deleted.body());
      assertEquals("not_configured", json(deleted).get("grant_revocation").asText());
      assertTrue(app.issuer.grantRevocations.isEmpty(), "the grant API was not called");
      assertEquals(401, app.mcp(token));
    }
  }

  @Test
  void deleteConnectionWhenTheClockIsBetweenMillisecondsThenTheInstantShownIsTheOneStored()
      throws Exception {
    Instant between = Instant.parse("2026-03-04T05:06:07.123456789Z");
    RevocationRegistry registry = RevocationRegistry.inMemory(Clock.fixed(between, ZoneOffset.UTC));
    try (AccountApp app =
        AccountApp.start(
            ApiKeyStore.inMemory(),
            ConnectionStore.inMemory(),
            registry,
            AccountApp.Options.DEFAULT)) {
      String account = app.paidAccount();
      assertEquals(200, app.mcp(app.token(account, "client-t", "mcp")));

      HttpResponse<String> deleted =
          app.send("DELETE", "/account/connections/client-t", app.manager(account));

      assertEquals(200, deleted.statusCode(), deleted.body());
      String shown = json(deleted).get("disconnected_at").asText();
      assertEquals("2026-03-04T05:06:07.124Z", shown, "rounded up, as the registry rounds");
      assertEquals(
          Instant.parse(shown),
          registry.revocations(account).get(0).revokedAt(),
          "the instant the registry kept");
      JsonNode listed = json(app.send("GET", "/account/connections", app.manager(account)));
      assertEquals(shown, listed.get("disconnected").get(0).get("disconnected_at").asText());
    }
  }

  @Test
  void serviceWhenClientNotAllowedThen403ClientNotAllowedWithoutChallengeAndNothingDone()
      throws Exception {
    try (AccountApp app = start(new AccountApp.Options(Set.of("account-page"), false, true))) {
      String account = app.paidAccount();
      String other = app.accountToken(account, "other-app", "account:manage");

      HttpResponse<String> refused = app.send("POST", "/account/api-key", other);

      assertError(refused, 403, Challenges.CLIENT_NOT_ALLOWED);
      assertEquals(
          AccountAuthorization.CLIENT_NOT_ALLOWED, json(refused).get("error_description").asText());
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
    try (AccountApp app = start(new AccountApp.Options(Set.of(), true, true))) {
      String account = app.paidAccount();
      String mcpToken = app.token(account, "account-page", "account:manage");

      HttpResponse<String> response = app.send("POST", "/account/api-key", mcpToken);

      assertError(response, 401, "invalid_token");
      assertEquals(
          AccountAuthorization.WRONG_AUDIENCE, json(response).get("error_description").asText());
      assertTrue(app.keyStore.findByAccount(account).isEmpty());
    }
  }
}
