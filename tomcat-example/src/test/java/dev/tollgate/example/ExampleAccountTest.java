package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
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
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(ExampleHttp.TIMEOUT).build();

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

  private static String token(String clientId, @Nullable String scope) throws Exception {
    URI tokenEndpoint = server.devAuthorizationServer().orElseThrow().tokenEndpoint();
    return http.token(tokenEndpoint, clientId, server.resource().toString(), scope);
  }

  private static URI account(String path) {
    return server.accountPage().resolve(path);
  }

  private static HttpResponse<String> send(String method, URI uri, @Nullable String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(ExampleHttp.TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody());
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
  void getWhenPageFileWithoutCredentialThenServedWithStrictHeaders(String path, String type) throws Exception {
    HttpResponse<String> response = send("GET", account(path), null);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith(type));
    String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(csp.contains(server.devAuthorizationServer().orElseThrow().issuer().getRawAuthority()), csp);
    assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElseThrow());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void getPageWhenServedThenItNamesTheResourceMetadataAndTheClient() throws Exception {
    String html = send("GET", account("/account/"), null).body();

    assertTrue(html.contains("content=\"" + server.resourceMetadataUrl() + "\""), html);
    assertTrue(html.contains("content=\"" + AccountPageFilter.DEFAULT_CLIENT_ID + "\""), html);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET,    /account",
    "GET,    /account/connections",
    "POST,   /account/api-key",
    "DELETE, /account/connections/some-app",
  })
  void requestWhenNoCredentialThen401PointingAtTheMetadata(String method, String path) throws Exception {
    HttpResponse<String> response = send(method, account(path), null);

    assertEquals(401, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").orElseThrow().contains(server.resourceMetadataUrl().toString()));
  }

  @Test
  void getPageWhenCredentialSentThenTheGateDecidesNotThePage() throws Exception {
    HttpResponse<String> response = send("GET", account("/account/"), "tgk_notarealkey");

    assertEquals(401, response.statusCode());
  }

  @Test
  void getAccountWhenTokenHasAccountManageThenPlanAndCreditsAndKeyMetadata() throws Exception {
    HttpResponse<String> response = send("GET", account("/account"), token(DemoAccounts.PRO, "account:manage"));

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
    HttpResponse<String> charged = http.callTool(server.resource(), app, ExampleTools.CHARGE_CREDITS, Map.of("amount", 7));
    assertEquals(200, charged.statusCode(), charged.body());
    long balance = ExampleHttp.jsonRpc(charged.body()).get("result").get("structuredContent").get("balance").asLong();

    HttpResponse<String> response = send("GET", account("/account"), token(DemoAccounts.ENTERPRISE, "account:manage"));

    assertEquals(200, response.statusCode(), response.body());
    JsonNode credits = ExampleHttp.JSON.readTree(response.body()).get("credits");
    assertEquals(balance, credits.get("purchased").asLong(), response.body());
    long seeded =
        DemoAccounts.ACCOUNTS.stream().filter(a -> a.id().equals(DemoAccounts.ENTERPRISE)).findFirst().orElseThrow().purchasedCredits();
    assertTrue(balance < seeded, "the charge was taken: " + balance);
  }

  @Test
  void getAccountWhenFreeAccountThenShownAlthoughNotEntitledToMcp() throws Exception {
    HttpResponse<String> response = send("GET", account("/account"), token(DemoAccounts.FREE, "account:manage"));

    assertEquals(200, response.statusCode(), response.body());
    assertFalse(ExampleHttp.JSON.readTree(response.body()).get("entitled").asBoolean());
  }

  @Test
  void getAccountWhenTokenHasOnlyMcpScopesThen403InsufficientScope() throws Exception {
    HttpResponse<String> response = send("GET", account("/account"), token(DemoAccounts.PRO, null));

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().contains("insufficient_scope"));
  }

  @Test
  void getAccountWhenApiKeyThen403() throws Exception {
    HttpResponse<String> response = send("GET", account("/account"), server.apiKey(DemoAccounts.ENTERPRISE).orElseThrow());

    assertEquals(403, response.statusCode(), response.body());
  }

  @Test
  void metadataWhenServedThenAdvertisesTheAccountScopes() throws Exception {
    JsonNode metadata = ExampleHttp.JSON.readTree(http.get(server.resourceMetadataUrl()).body());

    assertTrue(metadata.get("scopes_supported").toString().contains("\"account:manage\""), metadata.toString());
  }

  @Test
  void deleteConnectionWhenAppUsedMcpThenListedThenItsTokenRefused() throws Exception {
    // Client-credentials tokens act as the account their client id names: client demo-credits.
    String app = token(DemoAccounts.CREDITS, null);
    String manage = token(DemoAccounts.CREDITS, "account:manage");
    assertEquals(200, http.callTool(server.resource(), app, "whoami", Map.of()).statusCode());

    HttpResponse<String> listed = send("GET", account("/account/connections"), manage);
    assertEquals(200, listed.statusCode(), listed.body());
    assertTrue(listed.body().contains("\"client_id\":\"" + DemoAccounts.CREDITS + "\""), listed.body());

    HttpResponse<String> deleted = send("DELETE", account("/account/connections/" + DemoAccounts.CREDITS), manage);
    assertEquals(204, deleted.statusCode(), deleted.body());
    try {
      assertEquals(401, http.post(server.resource(), app, ExampleHttp.INITIALIZE, null, null).statusCode());
    } finally {
      server.revocations().lift(DemoAccounts.CREDITS, DemoAccounts.CREDITS);
    }
  }
}
