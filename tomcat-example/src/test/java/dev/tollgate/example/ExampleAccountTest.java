package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Account self-service as mounted in the example: the page at {@code /account/}, the endpoints at
 * {@code /account...} behind their own gate, and connected apps recorded from {@code /mcp}.
 */
class ExampleAccountTest {
  private static ExampleServer server;
  private static final ExampleHttp http = new ExampleHttp();
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(ExampleHttp.TIMEOUT).build();

  @BeforeAll
  static void start() {
    server = ExampleServer.start(ExampleConfig.ephemeral());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A client-credentials token for the MCP resource; it acts as the account its client id names.
   */
  private static String token(String clientId, @Nullable String scope) throws Exception {
    return http.token(tokenEndpoint(), clientId, server.resource().toString(), scope);
  }

  /**
   * What the account page holds once {@code account} signed in: a token for the account resource.
   */
  private static String pageToken(String account) throws Exception {
    return http.authorizationCode(
            issuer(),
            AccountPageFilter.DEFAULT_CLIENT_ID,
            account,
            server.accountResource().toString(),
            server.accountPage().toString(),
            "account:manage")
        .get("access_token")
        .asText();
  }

  private static URI issuer() {
    return server.devAuthorizationServer().orElseThrow().issuer();
  }

  private static URI tokenEndpoint() {
    return server.devAuthorizationServer().orElseThrow().tokenEndpoint();
  }

  private static URI accountMetadataUrl() {
    return URI.create(
        ExampleConfig.origin(server.resource()) + "/.well-known/oauth-protected-resource/account");
  }

  private static URI account(String path) {
    return server.accountPage().resolve(path);
  }

  private static HttpResponse<String> send(String method, URI uri, @Nullable String bearer)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(ExampleHttp.TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/account/,            text/html",
    "/account/account.js,  text/javascript",
    "/account/account.css, text/css",
  })
  void getWhenPageFileWithoutCredentialThenServedWithStrictHeaders(String path, String type)
      throws Exception {
    HttpResponse<String> response = send("GET", account(path), null);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith(type));
    String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(
        csp.contains(server.devAuthorizationServer().orElseThrow().issuer().getRawAuthority()),
        csp);
    assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElseThrow());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void getPageWhenServedThenItNamesTheAccountResourceMetadataAndTheClient() throws Exception {
    String html = send("GET", account("/account/"), null).body();

    assertTrue(html.contains("content=\"" + accountMetadataUrl() + "\""), html);
    assertTrue(html.contains("content=\"" + AccountPageFilter.DEFAULT_CLIENT_ID + "\""), html);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET,    /account",
    "GET,    /account/connections",
    "POST,   /account/api-key",
    "DELETE, /account/connections/some-app",
    "POST,   /account/connections/some-app/reconnect",
  })
  void requestWhenNoCredentialThen401PointingAtTheAccountMetadata(String method, String path)
      throws Exception {
    HttpResponse<String> response = send(method, account(path), null);

    assertEquals(401, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("WWW-Authenticate")
            .orElseThrow()
            .contains("resource_metadata=\"" + accountMetadataUrl() + "\""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET,    /account",
    "GET,    /account/connections",
    "POST,   /account/api-key",
    "POST,   /account/api-key/renew",
    "DELETE, /account/api-key",
    "DELETE, /account/connections/demo-pro",
    "POST,   /account/connections/demo-pro/reconnect",
  })
  void requestWhenMcpTokenWithEveryScopeThen401InvalidTokenAndTheKeyUntouched(
      String method, String path) throws Exception {
    // What an MCP client gets when it asks the authorization server for the account scopes too.
    String mcpToken = token(DemoAccounts.PRO, "mcp mcp:credits account:manage account:read");
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();

    HttpResponse<String> response = send(method, account(path), mcpToken);

    assertEquals(401, response.statusCode(), response.body());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
    assertTrue(challenge.contains("resource_metadata=\"" + accountMetadataUrl() + "\""), challenge);
    assertEquals(
        200, http.post(server.resource(), key, ExampleHttp.INITIALIZE, null, null).statusCode());
  }

  @Test
  void mcpWhenAccountResourceTokenThen401() throws Exception {
    String pageToken = pageToken(DemoAccounts.PRO);

    assertEquals(
        401,
        http.post(server.resource(), pageToken, ExampleHttp.INITIALIZE, null, null).statusCode());
  }

  @Test
  void getAccountWhenAccountResourceTokenOfAnotherClientThen403ClientNotAllowed() throws Exception {
    String other =
        http.token(
            tokenEndpoint(),
            DemoAccounts.PRO,
            server.accountResource().toString(),
            "account:manage");

    HttpResponse<String> response = send("GET", account("/account"), other);

    assertEquals(403, response.statusCode(), response.body());
    assertEquals(
        "client_not_allowed", ExampleHttp.JSON.readTree(response.body()).get("error").asText());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
  }

  @Test
  void getPageWhenCredentialSentThenTheGateDecidesNotThePage() throws Exception {
    HttpResponse<String> response = send("GET", account("/account/"), "tgk_notarealkey");

    assertEquals(401, response.statusCode());
  }

  @Test
  void getAccountWhenTokenHasAccountManageThenPlanAndCreditsAndKeyMetadata() throws Exception {
    HttpResponse<String> response = send("GET", account("/account"), pageToken(DemoAccounts.PRO));

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = ExampleHttp.JSON.readTree(response.body());
    assertEquals(DemoAccounts.PRO, body.get("account_id").asText());
    assertEquals("professional", body.get("plan").asText());
    assertTrue(body.get("entitled").asBoolean());
    assertFalse(body.get("api_key").isNull());
    assertFalse(response.body().contains(server.apiKey(DemoAccounts.PRO).orElseThrow()));
  }

  @Test
  void getAccountWhenPaidPlanSpentCreditsThenCreditsAreTheLedgerBalance() throws Exception {
    String app = token(DemoAccounts.ENTERPRISE, "mcp mcp:credits");
    HttpResponse<String> charged =
        http.callTool(server.resource(), app, ExampleTools.CHARGE_CREDITS, Map.of("amount", 7));
    assertEquals(200, charged.statusCode(), charged.body());
    long balance =
        ExampleHttp.jsonRpc(charged.body())
            .get("result")
            .get("structuredContent")
            .get("balance")
            .asLong();

    HttpResponse<String> response =
        send("GET", account("/account"), pageToken(DemoAccounts.ENTERPRISE));

    assertEquals(200, response.statusCode(), response.body());
    JsonNode credits = ExampleHttp.JSON.readTree(response.body()).get("credits");
    assertEquals(balance, credits.get("purchased").asLong(), response.body());
    long seeded =
        DemoAccounts.ACCOUNTS.stream()
            .filter(a -> a.id().equals(DemoAccounts.ENTERPRISE))
            .findFirst()
            .orElseThrow()
            .purchasedCredits();
    assertTrue(balance < seeded, "the charge was taken: " + balance);
  }

  @Test
  void getAccountWhenFreeAccountThenShownAlthoughNotEntitledToMcp() throws Exception {
    HttpResponse<String> response = send("GET", account("/account"), pageToken(DemoAccounts.FREE));

    assertEquals(200, response.statusCode(), response.body());
    assertFalse(ExampleHttp.JSON.readTree(response.body()).get("entitled").asBoolean());
  }

  @Test
  void getAccountWhenTokenHasOnlyMcpScopesThen403InsufficientScope() throws Exception {
    String noAccountScope =
        http.token(
            tokenEndpoint(),
            AccountPageFilter.DEFAULT_CLIENT_ID,
            server.accountResource().toString(),
            "mcp");

    HttpResponse<String> response = send("GET", account("/account"), noAccountScope);

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("WWW-Authenticate")
            .orElseThrow()
            .contains("insufficient_scope"));
  }

  @Test
  void getAccountWhenApiKeyThen403() throws Exception {
    HttpResponse<String> response =
        send("GET", account("/account"), server.apiKey(DemoAccounts.ENTERPRISE).orElseThrow());

    assertEquals(403, response.statusCode(), response.body());
  }

  @Test
  void metadataWhenServedThenEachResourceAdvertisesOnlyItsOwnScopes() throws Exception {
    JsonNode mcp = ExampleHttp.JSON.readTree(http.get(server.resourceMetadataUrl()).body());
    HttpResponse<String> accountResponse = http.get(accountMetadataUrl());
    assertEquals(200, accountResponse.statusCode(), accountResponse.body());
    JsonNode accountMetadata = ExampleHttp.JSON.readTree(accountResponse.body());

    assertEquals(server.resource().toString(), mcp.get("resource").asText());
    assertEquals(Set.of("mcp", "mcp:credits"), strings(mcp.get("scopes_supported")));
    assertEquals(server.accountResource().toString(), accountMetadata.get("resource").asText());
    assertEquals(
        Set.of("account:manage", "account:read"), strings(accountMetadata.get("scopes_supported")));
    assertEquals(mcp.get("authorization_servers"), accountMetadata.get("authorization_servers"));
  }

  /** Returns once the clock shows a whole second later than {@code at}'s. */
  private static void awaitSecondAfter(Instant at) throws InterruptedException {
    while (Instant.now().getEpochSecond() <= at.getEpochSecond()) {
      Thread.sleep(50);
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new HashSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  @Test
  void deleteConnectionWhenTheAppRefreshesItsTokenThenGrantEndedUntilTheAppIsApprovedAgain()
      throws Exception {
    // An app the person connected with the authorization code flow (PKCE, consent).
    String appClient = "refreshing-app";
    String mcp = server.resource().toString();
    JsonNode granted = http.authorizationCode(issuer(), appClient, DemoAccounts.CREDITS, mcp);
    String accessToken = granted.get("access_token").asText();
    String refreshToken = granted.get("refresh_token").asText();
    assertEquals(
        200, http.callTool(server.resource(), accessToken, "whoami", Map.of()).statusCode());
    String page = pageToken(DemoAccounts.CREDITS);

    HttpResponse<String> deleted =
        send("DELETE", account("/account/connections/" + appClient), page);
    try {
      assertEquals(200, deleted.statusCode(), deleted.body());
      JsonNode disconnection = ExampleHttp.JSON.readTree(deleted.body());
      // The development server ended the grant: the refresh token is dead there too.
      assertEquals("revoked", disconnection.get("grant_revocation").asText());
      assertEquals(
          401,
          http.post(server.resource(), accessToken, ExampleHttp.INITIALIZE, null, null)
              .statusCode());
      assertEquals(400, http.refreshResponse(issuer(), appClient, refreshToken, mcp).statusCode());
      JsonNode listed =
          ExampleHttp.JSON.readTree(send("GET", account("/account/connections"), page).body());
      assertFalse(listed.get("connections").toString().contains(appClient), listed.toString());
      assertTrue(listed.get("disconnected").toString().contains(appClient), listed.toString());

      // Approved again (sign-in and consent anew), in a later second than the disconnection:
      // the new grant's auth_time lets it in.
      awaitSecondAfter(Instant.parse(disconnection.get("disconnected_at").asText()));
      JsonNode again = http.authorizationCode(issuer(), appClient, DemoAccounts.CREDITS, mcp);

      assertEquals(
          200,
          http.post(
                  server.resource(),
                  again.get("access_token").asText(),
                  ExampleHttp.INITIALIZE,
                  null,
                  null)
              .statusCode());
      assertEquals(
          401,
          http.post(server.resource(), accessToken, ExampleHttp.INITIALIZE, null, null)
              .statusCode());
    } finally {
      server.revocations().lift(DemoAccounts.CREDITS, appClient);
    }
  }

  @Test
  void deleteConnectionWhenAppUsedMcpThenListedThenItsTokenRefused() throws Exception {
    // Client-credentials tokens act as the account their client id names: client demo-credits.
    String app = token(DemoAccounts.CREDITS, null);
    String manage = pageToken(DemoAccounts.CREDITS);
    assertEquals(200, http.callTool(server.resource(), app, "whoami", Map.of()).statusCode());

    HttpResponse<String> listed = send("GET", account("/account/connections"), manage);
    assertEquals(200, listed.statusCode(), listed.body());
    assertTrue(
        listed.body().contains("\"client_id\":\"" + DemoAccounts.CREDITS + "\""), listed.body());

    HttpResponse<String> deleted =
        send("DELETE", account("/account/connections/" + DemoAccounts.CREDITS), manage);
    assertEquals(200, deleted.statusCode(), deleted.body());
    try {
      assertEquals(
          401, http.post(server.resource(), app, ExampleHttp.INITIALIZE, null, null).statusCode());
    } finally {
      server.revocations().lift(DemoAccounts.CREDITS, DemoAccounts.CREDITS);
    }
  }
}
