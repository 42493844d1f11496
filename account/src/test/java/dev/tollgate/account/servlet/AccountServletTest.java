package dev.tollgate.account.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.bearer.AccountError;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.Challenges;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.testsupport.JwtIssuer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The account endpoints over real HTTP on embedded Tomcat, behind real TollgateFilters, with JWT
 * access tokens signed by a real RSA key and checked against a loopback JWKS, and in-memory stores.
 * Every test uses accounts of its own, so the tests share one server.
 */
class AccountServletTest {
  static final ObjectMapper JSON = new ObjectMapper();

  private static AccountApp app;

  @BeforeAll
  static void start() {
    app =
        AccountApp.start(
            ApiKeyStore.inMemory(), ConnectionStore.inMemory(), RevocationRegistry.inMemory());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  static void assertError(HttpResponse<String> response, int status, String error)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = json(response);
    assertEquals(error, body.get("error").asText(), response.body());
    assertFalse(body.get("error_description").asText().isBlank());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
  }

  // ---- GET /account ----------------------------------------------------------------------------

  @Test
  void getAccountWhenPaidWithoutKeyThenPlanCreditsEntitledAndNoKey() throws Exception {
    String account = app.newAccount(Plan.PROFESSIONAL, 42);

    HttpResponse<String> response = app.send("GET", "/account", app.manager(account));

    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertEquals(account, body.get("account_id").asText());
    assertEquals("professional", body.get("plan").asText());
    assertTrue(body.get("paid_plan").asBoolean());
    assertEquals(42, body.get("credits").get("purchased").asLong());
    assertEquals(100, body.get("credits").get("monthly_allocation").asLong());
    assertTrue(body.get("entitled").asBoolean());
    assertTrue(body.get("entitlement_description").isNull());
    assertTrue(body.get("api_key").isNull());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
  }

  @Test
  void getAccountWhenFreeWithoutCreditsThenReachableAndNotEntitledWithUpgradeUri()
      throws Exception {
    String account = app.newAccount(Plan.FREE, 0);

    JsonNode body = json(app.send("GET", "/account", app.manager(account)));

    assertEquals("free", body.get("plan").asText());
    assertFalse(body.get("entitled").asBoolean());
    assertFalse(body.get("entitlement_description").asText().isBlank());
    assertEquals(AccountApp.UPGRADE.toString(), body.get("upgrade_uri").asText());
  }

  @Test
  void getAccountWhenUnknownToTheDirectoryThenNoPlanAndNotEntitled() throws Exception {
    JsonNode body = json(app.send("GET", "/account", app.manager("acct-nobody")));

    assertTrue(body.get("plan").isNull());
    assertFalse(body.get("entitled").asBoolean());
  }

  @Test
  void getAccountWhenReadScopeOnlyThenAllowed() throws Exception {
    String account = app.paidAccount();

    HttpResponse<String> response =
        app.send("GET", "/account", app.accountToken(account, "dashboard", "account:read"));

    assertEquals(200, response.statusCode());
  }

  @Test
  void getAccountWhenDirectoryDownThen503WithRetryAfter() throws Exception {
    HttpResponse<String> response =
        app.send("GET", "/account", app.manager(AccountApp.DOWN_PREFIX + "acct"));

    assertError(response, 503, "temporarily_unavailable");
    assertEquals("9", response.headers().firstValue("Retry-After").orElse(null));
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    assertEquals(
        challenges().accountUnavailable("account-directory", Duration.ofSeconds(9)).jsonBody(),
        response.body(),
        "the body of core's table, byte for byte");
  }

  @Test
  void getAccountWhenDirectoryDownForAFractionOfASecondThenRetryAfterRoundedUpAsTheGateDoes()
      throws Exception {
    HttpResponse<String> response =
        app.send("GET", "/account", app.manager(AccountApp.DOWN_BRIEFLY_PREFIX + "acct"));

    assertError(response, 503, "temporarily_unavailable");
    assertEquals("2", response.headers().firstValue("Retry-After").orElse(null));
  }

  /** Core's error table as the account endpoints use it: pointing to the account metadata. */
  static Challenges challenges() {
    return Challenges.pointingTo(URI.create(accountMetadata()));
  }

  // ---- API key: create, renew, revoke ----------------------------------------------------------

  @Test
  void createWhenEntitledThenKeyShownOnceAndItWorksOnMcp() throws Exception {
    String account = app.paidAccount();
    String manager = app.manager(account);

    HttpResponse<String> created = app.send("POST", "/account/api-key", manager);

    assertEquals(201, created.statusCode(), created.body());
    assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("/account/api-key", created.headers().firstValue("Location").orElse(null));
    JsonNode body = json(created);
    String key = body.get("api_key").asText();
    assertTrue(key.startsWith("tgk_"), "a key in the documented format");
    String prefix = body.get("display_prefix").asText();
    assertEquals(key.substring(4, 12), prefix);
    assertEquals(200, app.mcp(key));

    HttpResponse<String> described = app.send("GET", "/account", manager);
    assertFalse(described.body().contains(key), "GET /account never shows the key");
    assertFalse(described.body().contains(key.substring(12)), "nor its secret part");
    JsonNode keyInfo = json(described).get("api_key");
    assertEquals(prefix, keyInfo.get("display_prefix").asText());
    assertEquals(body.get("created_at").asText(), keyInfo.get("created_at").asText());
    assertFalse(keyInfo.get("last_used_at").isNull(), "the MCP call above was recorded");
    assertFalse(keyInfo.has("api_key"));
  }

  @Test
  void createWhenKeyExistsThen409AndTheKeyIsKept() throws Exception {
    String account = app.paidAccount();
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();

    assertError(app.send("POST", "/account/api-key", app.manager(account)), 409, "api_key_exists");
    assertEquals(200, app.mcp(key));
  }

  @Test
  void createWhenFreeWithoutCreditsThen403EntitlementRequiredWithoutChallenge() throws Exception {
    String account = app.newAccount(Plan.FREE, 0);

    HttpResponse<String> response = app.send("POST", "/account/api-key", app.manager(account));

    assertError(response, 403, "entitlement_required");
    assertEquals(AccountApp.UPGRADE.toString(), json(response).get("upgrade_uri").asText());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    assertTrue(app.keyStore.findByAccount(account).isEmpty());
  }

  @Test
  void createWhenFreeWithPurchasedCreditsThenCreated() throws Exception {
    String account = app.newAccount(Plan.FREE, 5);

    assertEquals(201, app.send("POST", "/account/api-key", app.manager(account)).statusCode());
  }

  @Test
  void renewWhenKeyExistsThenNewKeyShownOnceOldKeyRefusedFromTheNextRequest() throws Exception {
    String account = app.paidAccount();
    String manager = app.manager(account);
    String old = json(app.send("POST", "/account/api-key", manager)).get("api_key").asText();
    assertEquals(200, app.mcp(old));

    HttpResponse<String> renewed = app.send("POST", "/account/api-key/renew", manager);

    assertEquals(200, renewed.statusCode(), renewed.body());
    assertEquals("no-store", renewed.headers().firstValue("Cache-Control").orElse(null));
    String fresh = json(renewed).get("api_key").asText();
    assertNotEquals(old, fresh);
    assertEquals(401, app.mcp(old));
    assertEquals(200, app.mcp(fresh));
  }

  @Test
  void renewWhenNoKeyThen404() throws Exception {
    assertError(
        app.send("POST", "/account/api-key/renew", app.manager(app.paidAccount())),
        404,
        "api_key_not_found");
  }

  @Test
  void renewWhenAccountLostItsEntitlementThen403AndOldKeyKept() throws Exception {
    String account = app.newAccount(Plan.FREE, 5);
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();
    String spent = app.newAccount(Plan.FREE, 0);
    app.keyStore.delete(account);
    // Move the key to an account without credits: renewal mints a key, so it is refused.
    app.keyStore.insert(
        new dev.tollgate.apikey.ApiKeyRecord(
            spent,
            dev.tollgate.Credential.of(key).sha256Hex(),
            key.substring(4, 12),
            java.time.Instant.now(),
            null));

    assertError(
        app.send("POST", "/account/api-key/renew", app.manager(spent)),
        403,
        "entitlement_required");
    assertTrue(app.keyStore.findByAccount(spent).isPresent());
  }

  @Test
  void revokeWhenKeyExistsThen204AndKeyRefusedFromTheNextRequest() throws Exception {
    String account = app.paidAccount();
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();

    HttpResponse<String> revoked = app.send("DELETE", "/account/api-key", app.manager(account));

    assertEquals(204, revoked.statusCode());
    assertEquals(401, app.mcp(key));
    assertTrue(json(app.send("GET", "/account", app.manager(account))).get("api_key").isNull());
    assertError(
        app.send("DELETE", "/account/api-key", app.manager(account)), 404, "api_key_not_found");
  }

  // ---- Who may manage ---------------------------------------------------------------------------

  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of("GET", "/account", "account:read"),
        Arguments.of("POST", "/account/api-key", "account:manage"),
        Arguments.of("POST", "/account/api-key/renew", "account:manage"),
        Arguments.of("DELETE", "/account/api-key", "account:manage"),
        Arguments.of("GET", "/account/connections", "account:read"),
        Arguments.of("DELETE", "/account/connections/some-client", "account:manage"),
        Arguments.of("POST", "/account/connections/some-client/reconnect", "account:manage"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void serviceWhenApiKeyEvenWithTheManageScopeThen403InsufficientScope(
      String method, String path, String scope) throws Exception {
    String account = app.paidAccount();
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();
    String prefixBefore = app.keyStore.findByAccount(account).orElseThrow().keyHash();

    HttpResponse<String> response = app.send(method, path, key);

    assertError(response, 403, "insufficient_scope");
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
    assertTrue(challenge.contains("scope=\"" + scope + "\""), challenge);
    assertTrue(challenge.contains("resource_metadata=\""), challenge);
    assertEquals(
        AccountAuthorization.API_KEY_CANNOT_MANAGE,
        json(response).get("error_description").asText());
    assertEquals(
        challenges()
            .error(
                BearerError.insufficientScope(AccountAuthorization.API_KEY_CANNOT_MANAGE),
                Set.of(scope))
            .jsonBody(),
        response.body(),
        "the body of core's table, byte for byte");
    assertFalse(response.body().contains("tgk_"), "nothing of a key is echoed");
    assertEquals(
        prefixBefore, app.keyStore.findByAccount(account).orElseThrow().keyHash(), "key untouched");
    assertEquals(200, app.mcp(key));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void serviceWhenTokenLacksTheScopeThen403InsufficientScopeNamingIt(
      String method, String path, String scope) throws Exception {
    String account = app.paidAccount();

    HttpResponse<String> response =
        app.send(method, path, app.accountToken(account, "some-app", "mcp profile"));

    assertError(response, 403, "insufficient_scope");
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("scope=\"" + scope + "\""), challenge);
  }

  @ParameterizedTest(name = "{0} {1}")
  @ValueSource(strings = {"/account/api-key", "/account/api-key/renew"})
  void postWhenReadScopeOnlyThen403NamingTheManageScope(String path) throws Exception {
    HttpResponse<String> response =
        app.send("POST", path, app.accountToken(app.paidAccount(), "dashboard", "account:read"));

    assertError(response, 403, "insufficient_scope");
    assertTrue(
        response
            .headers()
            .firstValue("WWW-Authenticate")
            .orElseThrow()
            .contains("scope=\"account:manage\""));
  }

  @Test
  void serviceWhenNoCredentialThen401FromTheGatePointingToTheAccountMetadata() throws Exception {
    HttpResponse<String> response = app.send("GET", "/account", null);

    assertEquals(401, response.statusCode());
    assertTrue(
        response
            .headers()
            .firstValue("WWW-Authenticate")
            .orElseThrow()
            .contains("resource_metadata=\"" + accountMetadata() + "\""));
  }

  // ---- The account resource is not the MCP resource --------------------------------------------

  static String accountMetadata() {
    return app.base() + "/.well-known/oauth-protected-resource/account";
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void serviceWhenMcpTokenEvenWithTheAccountScopesThen401InvalidTokenAndNothingDone(
      String method, String path, String scope) throws Exception {
    String account = app.paidAccount();
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();
    String keyHash = app.keyStore.findByAccount(account).orElseThrow().keyHash();
    String mcpToken = app.token(account, "some-client", "mcp account:manage account:read");
    assertEquals(200, app.mcp(mcpToken));

    HttpResponse<String> response = app.send(method, path, mcpToken);

    assertError(response, 401, "invalid_token");
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
    assertTrue(challenge.contains("resource_metadata=\"" + accountMetadata() + "\""), challenge);
    assertEquals(keyHash, app.keyStore.findByAccount(account).orElseThrow().keyHash());
    assertEquals(200, app.mcp(key));
    assertEquals(200, app.mcp(mcpToken), "the MCP connection is still listed and working");
  }

  @Test
  void mcpWhenAccountTokenThen401() throws Exception {
    String account = app.paidAccount();

    assertEquals(401, app.mcp(app.accountToken(account, "account-page", "mcp account:manage")));
  }

  @Test
  void metadataWhenAccountResourceThenItsOwnDocumentWithTheAccountScopes() throws Exception {
    HttpResponse<String> response =
        app.send("GET", "/.well-known/oauth-protected-resource/account", null);

    assertEquals(200, response.statusCode(), response.body());
    JsonNode metadata = JSON.readTree(response.body());
    assertEquals(app.accountResource().toString(), metadata.get("resource").asText());
    List<String> scopes = new ArrayList<>();
    metadata.get("scopes_supported").forEach(scope -> scopes.add(scope.asText()));
    assertEquals(Set.of("account:manage", "account:read"), Set.copyOf(scopes));
    assertEquals(JwtIssuer.ISSUER, metadata.get("authorization_servers").get(0).asText());
  }

  // ---- A disconnection holds across token refreshes ---------------------------------------------

  /** After the disconnection's instant, within the verifier's clock skew. */
  private static Instant afterNow(int seconds) {
    return Instant.now().plusSeconds(seconds);
  }

  @Test
  void deleteConnectionWhenTheAppRefreshesItsTokenThenStillRefused() throws Exception {
    String account = app.paidAccount();
    Instant approved = Instant.now().minusSeconds(600);
    assertEquals(
        200,
        app.mcp(app.token(account, "client-r", "mcp", Instant.now().minusSeconds(60), approved)));

    assertEquals(
        200,
        app.send("DELETE", "/account/connections/client-r", app.manager(account)).statusCode());

    String refreshed = app.token(account, "client-r", "mcp", afterNow(5), approved);
    assertEquals(401, app.mcp(refreshed));
    JsonNode listed = json(app.send("GET", "/account/connections", app.manager(account)));
    assertEquals(0, listed.get("connections").size(), "not listed as connected again");
    assertEquals("client-r", listed.get("disconnected").get(0).get("client_id").asText());
  }

  @Test
  void deleteConnectionWhenThePersonApprovesTheAppAgainThenItsNewTokenIsAccepted()
      throws Exception {
    String account = app.paidAccount();
    assertEquals(200, app.mcp(app.token(account, "client-n", "mcp")));
    assertEquals(
        200,
        app.send("DELETE", "/account/connections/client-n", app.manager(account)).statusCode());

    String reapproved = app.token(account, "client-n", "mcp", afterNow(5), afterNow(4));

    assertEquals(200, app.mcp(reapproved));
  }

  @Test
  void reconnectWhenTheServerPutsNoAuthTimeThenRefusedUntilReconnectedThenAccepted()
      throws Exception {
    String account = app.paidAccount();
    String before = app.token(account, "client-x", "mcp", Instant.now().minusSeconds(60), null);
    assertEquals(200, app.mcp(before));
    assertEquals(
        200,
        app.send("DELETE", "/account/connections/client-x", app.manager(account)).statusCode());
    String fresh = app.token(account, "client-x", "mcp", afterNow(5), null);
    assertEquals(401, app.mcp(fresh));

    HttpResponse<String> reconnected =
        app.send("POST", "/account/connections/client-x/reconnect", app.manager(account));

    assertEquals(204, reconnected.statusCode(), reconnected.body());
    assertEquals(200, app.mcp(fresh));
    assertEquals(401, app.mcp(before), "tokens from before the disconnection stay refused");
    JsonNode listed = json(app.send("GET", "/account/connections", app.manager(account)));
    assertEquals(0, listed.get("disconnected").size());
    assertEquals("client-x", listed.get("connections").get(0).get("client_id").asText());
    assertError(
        app.send("POST", "/account/connections/client-x/reconnect", app.manager(account)),
        404,
        "disconnection_not_found");
  }

  @Test
  void reconnectWhenReadScopeOnlyOrAnotherAccountThenRefusedAndStillDisconnected()
      throws Exception {
    String account = app.paidAccount();
    String other = app.paidAccount();
    assertEquals(200, app.mcp(app.token(account, "client-y", "mcp")));
    app.send("DELETE", "/account/connections/client-y", app.manager(account));
    String fresh = app.token(account, "client-y", "mcp", afterNow(5), null);

    assertError(
        app.send(
            "POST",
            "/account/connections/client-y/reconnect",
            app.accountToken(account, "dashboard", "account:read")),
        403,
        "insufficient_scope");
    assertError(
        app.send("POST", "/account/connections/client-y/reconnect", app.manager(other)),
        404,
        "disconnection_not_found");
    assertEquals(401, app.mcp(fresh));
  }

  @Test
  void deleteConnectionThenTheGrantIsRevokedAtTheAuthorizationServerForThatPersonAndApp()
      throws Exception {
    String account = app.paidAccount();
    assertEquals(200, app.mcp(app.token(account, "client-g", "mcp")));

    HttpResponse<String> deleted =
        app.send("DELETE", "/account/connections/client-g", app.manager(account));

    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals("revoked", json(deleted).get("grant_revocation").asText());
    assertEquals("client-g", json(deleted).get("client_id").asText());
    assertEquals(
        List.of("DELETE /grants/" + account + "/client-g Bearer " + JwtIssuer.GRANT_ADMIN_TOKEN),
        app.issuer.grantRevocations.stream().filter(r -> r.contains(account)).toList());
  }

  @Test
  void deleteConnectionWhenTheGrantRevocationFailsThenReportedAndTheAppStaysDisconnected()
      throws Exception {
    String account = app.paidAccount();
    assertEquals(200, app.mcp(app.token(account, "client-f", "mcp")));
    app.issuer.failGrantRevocations = true;
    HttpResponse<String> deleted;
    try {
      deleted = app.send("DELETE", "/account/connections/client-f", app.manager(account));
    } finally {
      app.issuer.failGrantRevocations = false;
    }

    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals("failed", json(deleted).get("grant_revocation").asText());
    assertEquals(401, app.mcp(app.token(account, "client-f", "mcp", afterNow(5), null)));
  }

  @Test
  void serviceWhenServletReachedWithoutTheGateThen500AndNothingDone() throws Exception {
    String account = app.paidAccount();

    HttpResponse<String> response = app.send("POST", "/unprotected/api-key", app.manager(account));

    assertError(response, 500, "server_error");
    assertTrue(app.keyStore.findByAccount(account).isEmpty());
  }

  // ---- Connected apps ---------------------------------------------------------------------------

  @Test
  void listConnectionsWhenAppsUsedMcpThenListedWithScopesAndApiKeysAreNot() throws Exception {
    String account = app.paidAccount();
    assertEquals(200, app.mcp(app.token(account, "client-a", "mcp mcp:tools")));
    assertEquals(200, app.mcp(app.token(account, "client-b", "mcp")));
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();
    assertEquals(200, app.mcp(key));

    HttpResponse<String> response = app.send("GET", "/account/connections", app.manager(account));

    assertEquals(200, response.statusCode());
    JsonNode connections = json(response).get("connections");
    List<String> ids = new ArrayList<>();
    connections.forEach(c -> ids.add(c.get("client_id").asText()));
    assertEquals(Set.of("client-a", "client-b"), Set.copyOf(ids));
    for (JsonNode connection : connections) {
      assertFalse(connection.get("first_used_at").asText().isBlank());
      assertFalse(connection.get("last_used_at").asText().isBlank());
      if (connection.get("client_id").asText().equals("client-a")) {
        assertEquals("[\"mcp\",\"mcp:tools\"]", connection.get("scopes").toString());
      }
    }
  }

  @Test
  void listConnectionsWhenRefusedRequestThenNotRecorded() throws Exception {
    String free = app.newAccount(Plan.FREE, 0);
    assertEquals(403, app.mcp(app.token(free, "client-a", "mcp")));

    JsonNode body = json(app.send("GET", "/account/connections", app.manager(free)));

    assertEquals(0, body.get("connections").size());
  }

  @Test
  void deleteConnectionThenThatClientsTokenRefusedAndAnotherClientsStillWorks() throws Exception {
    String account = app.paidAccount();
    String tokenA = app.token(account, "client-a", "mcp");
    String tokenB = app.token(account, "client-b", "mcp");
    assertEquals(200, app.mcp(tokenA));
    assertEquals(200, app.mcp(tokenB));

    HttpResponse<String> deleted =
        app.send("DELETE", "/account/connections/client-a", app.manager(account));

    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals(401, app.mcp(tokenA));
    assertEquals(200, app.mcp(tokenB));
    JsonNode left =
        json(app.send("GET", "/account/connections", app.manager(account))).get("connections");
    assertEquals(1, left.size());
    assertEquals("client-b", left.get(0).get("client_id").asText());
    assertError(
        app.send("DELETE", "/account/connections/client-a", app.manager(account)),
        404,
        "connection_not_found");
  }

  @Test
  void deleteConnectionWhenClientIdIsAnEncodedUrlThenDecodedAndRevoked() throws Exception {
    String account = app.paidAccount();
    String clientId = "https:client.example.test:app?v=1";
    String token = app.token(account, clientId, "mcp");
    assertEquals(200, app.mcp(token));

    HttpResponse<String> deleted =
        app.send(
            "DELETE",
            "/account/connections/https%3Aclient.example.test%3Aapp%3Fv%3D1",
            app.manager(account));

    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals(401, app.mcp(token));
  }

  @Test
  void deleteConnectionWhenUnknownThen404AndNothingRevoked() throws Exception {
    String account = app.paidAccount();
    int before = app.revocations.revocations().size();

    assertError(
        app.send("DELETE", "/account/connections/never-connected", app.manager(account)),
        404,
        "connection_not_found");
    assertEquals(before, app.revocations.revocations().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"%20spaced", "caf%C3%A9", "%7F", "a%2", "%G1", "%", "x%0Ay"})
  void serviceWhenConnectionClientIdIsJunkThen400(String raw) throws Exception {
    String manager = app.manager(app.paidAccount());

    String disconnect = app.rawStatusLine("DELETE", "/account/connections/" + raw, manager);
    String reconnect =
        app.rawStatusLine("POST", "/account/connections/" + raw + "/reconnect", manager);

    assertTrue(disconnect.startsWith("HTTP/1.1 400"), disconnect);
    assertTrue(reconnect.startsWith("HTTP/1.1 400"), reconnect);
  }

  @Test
  void deleteConnectionWhenClientIdTooLongThen400() throws Exception {
    HttpResponse<String> response =
        app.send(
            "DELETE", "/account/connections/" + "c".repeat(256), app.manager(app.paidAccount()));

    assertError(response, 400, "invalid_request");
    assertEquals(
        challenges().accountError(AccountError.INVALID_CLIENT_ID).jsonBody(), response.body());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 766, 2000})
  void reconnectWhenClientIdOversizeThen400(int length) throws Exception {
    HttpResponse<String> response =
        app.send(
            "POST",
            "/account/connections/" + "c".repeat(length) + "/reconnect",
            app.manager(app.paidAccount()));

    assertError(response, 400, "invalid_request");
  }

  @Test
  void deleteConnectionWhenJunkClientIdAndReadScopeOnlyThen403BeforeTheClientIdIsRead()
      throws Exception {
    HttpResponse<String> response =
        app.send(
            "DELETE",
            "/account/connections/" + "c".repeat(256),
            app.accountToken(app.paidAccount(), "dashboard", "account:read"));

    assertError(response, 403, "insufficient_scope");
  }

  @Test
  void deleteConnectionWhenJunkClientIdWithAnApiKeyThen403NotA400() throws Exception {
    String account = app.paidAccount();
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();

    assertError(
        app.send("DELETE", "/account/connections/" + "c".repeat(256), key),
        403,
        "insufficient_scope");
  }

  // ---- One account never touches another's
  // -------------------------------------------------------

  @Test
  void serviceWhenAnotherAccountCallsThenItActsOnlyOnItsOwn() throws Exception {
    String alice = app.paidAccount();
    String mallory = app.paidAccount();
    String aliceToken = app.token(alice, "client-a", "mcp");
    assertEquals(200, app.mcp(aliceToken));
    String aliceKey =
        json(app.send("POST", "/account/api-key", app.manager(alice))).get("api_key").asText();

    assertEquals(
        0,
        json(app.send("GET", "/account/connections", app.manager(mallory)))
            .get("connections")
            .size());
    assertError(
        app.send("DELETE", "/account/connections/client-a", app.manager(mallory)),
        404,
        "connection_not_found");
    assertError(
        app.send("DELETE", "/account/api-key", app.manager(mallory)), 404, "api_key_not_found");
    assertError(
        app.send("POST", "/account/api-key/renew", app.manager(mallory)), 404, "api_key_not_found");
    assertTrue(json(app.send("GET", "/account", app.manager(mallory))).get("api_key").isNull());
    HttpResponse<String> query =
        app.send("GET", "/account?account_id=" + alice, app.manager(mallory));
    assertEquals(mallory, json(query).get("account_id").asText());

    assertEquals(200, app.mcp(aliceToken));
    assertEquals(200, app.mcp(aliceKey));
  }

  // ---- Protocol: methods, paths, CORS -----------------------------------------------------------

  static Stream<Arguments> wrongMethods() {
    return Stream.of(
        Arguments.of("PUT", "/account", "GET"),
        Arguments.of("POST", "/account", "GET"),
        Arguments.of("GET", "/account/api-key", "POST, DELETE"),
        Arguments.of("PUT", "/account/api-key", "POST, DELETE"),
        Arguments.of("GET", "/account/api-key/renew", "POST"),
        Arguments.of("POST", "/account/connections", "GET"),
        Arguments.of("GET", "/account/connections/client-a", "DELETE"),
        Arguments.of("PATCH", "/account/connections/client-a", "DELETE"),
        Arguments.of("DELETE", "/account", "GET"),
        Arguments.of("DELETE", "/account/api-key/renew", "POST"),
        Arguments.of("DELETE", "/account/connections", "GET"),
        Arguments.of("GET", "/account/connections/client-a/reconnect", "POST"),
        Arguments.of("DELETE", "/account/connections/client-a/reconnect", "POST"),
        Arguments.of("POST", "/account/connections/client-a", "DELETE"),
        Arguments.of("BREW", "/account/api-key", "POST, DELETE"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongMethods")
  void serviceWhenWrongMethodThen405WithAllow(String method, String path, String allow)
      throws Exception {
    HttpResponse<String> response = app.send(method, path, app.manager(app.paidAccount()));

    assertError(response, 405, "method_not_allowed");
    assertEquals(allow, response.headers().firstValue("Allow").orElse(null));
    assertEquals(
        challenges().accountError(AccountError.METHOD_NOT_ALLOWED).jsonBody(), response.body());
  }

  @Test
  void serviceWhenWrongMethodWithJunkClientIdThen405BeforeTheClientIdIsRead() throws Exception {
    HttpResponse<String> response =
        app.send("GET", "/account/connections/" + "c".repeat(256), app.manager(app.paidAccount()));

    assertError(response, 405, "method_not_allowed");
    assertEquals("DELETE", response.headers().firstValue("Allow").orElse(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/account/keys",
        "/account/api-key/renew/now",
        "/account/api-keys",
        "/account/x/y",
        "/account/api-key/",
        "/account/API-KEY",
        "/account/connections/client-a/",
        "/account/connections/client-a/b",
        "/account/connections/client-a/reconnect/now",
        "/account/connections//reconnect",
        "/account//connections",
        "/account/connections/reconnect/client-a",
        "/account;x=1",
        "/account/api-key;renew"
      })
  void serviceWhenUnknownPathThen404(String path) throws Exception {
    HttpResponse<String> response = app.send("GET", path, app.manager(app.paidAccount()));

    assertError(response, 404, "not_found");
    assertEquals(
        challenges().accountError(AccountError.NO_SUCH_ENDPOINT).jsonBody(), response.body());
    assertTrue(response.headers().firstValue("Allow").isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE", "PUT"})
  void serviceWhenUnknownPathThen404WhateverTheMethod(String method) throws Exception {
    assertError(
        app.send(method, "/account/keys", app.manager(app.paidAccount())), 404, "not_found");
  }

  @Test
  void serviceWhenUnknownPathWithAnApiKeyThen404WithoutActing() throws Exception {
    String account = app.paidAccount();
    String key =
        json(app.send("POST", "/account/api-key", app.manager(account))).get("api_key").asText();

    assertError(app.send("DELETE", "/account/keys", key), 404, "not_found");
    assertEquals(200, app.mcp(key));
  }

  @Test
  void preflightWhenAllowedOriginThenAnsweredWithoutCredentials() throws Exception {
    HttpResponse<String> response =
        app.send(
            "OPTIONS",
            "/account/api-key",
            null,
            "Origin",
            AccountApp.ORIGIN,
            "Access-Control-Request-Method",
            "DELETE",
            "Access-Control-Request-Headers",
            "authorization");

    assertEquals(204, response.statusCode());
    assertEquals(
        AccountApp.ORIGIN,
        response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(
        response
            .headers()
            .firstValue("Access-Control-Allow-Methods")
            .orElseThrow()
            .contains("DELETE"));
    assertTrue(
        response
            .headers()
            .firstValue("Access-Control-Allow-Headers")
            .orElseThrow()
            .contains("Authorization"));
    assertTrue(response.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
    assertTrue(response.headers().allValues("Vary").contains("Origin"));
  }

  @Test
  void preflightWhenOtherOriginThenNoCorsHeaders() throws Exception {
    HttpResponse<String> response =
        app.send(
            "OPTIONS",
            "/account",
            null,
            "Origin",
            "https://evil.example.test",
            "Access-Control-Request-Method",
            "GET");

    assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void getAccountWhenAllowedOriginThenReadableCrossOriginWithoutCredentials() throws Exception {
    HttpResponse<String> response =
        app.send("GET", "/account", app.manager(app.paidAccount()), "Origin", AccountApp.ORIGIN);

    assertEquals(200, response.statusCode());
    assertEquals(
        AccountApp.ORIGIN,
        response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    String exposed = response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow();
    assertTrue(exposed.contains("WWW-Authenticate") && exposed.contains("Retry-After"), exposed);
    assertTrue(response.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
  }

  @Test
  void getAccountWhenOtherOriginThenNoAllowOrigin() throws Exception {
    HttpResponse<String> response =
        app.send(
            "GET",
            "/account",
            app.manager(app.paidAccount()),
            "Origin",
            "https://evil.example.test");

    assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void serviceWhenDisconnectedClientCallsTheAccountEndpointsThen401() throws Exception {
    String account = app.paidAccount();
    String page = app.accountToken(account, "page-client", "account:manage");
    assertEquals(200, app.send("GET", "/account", page).statusCode());
    app.connectionStore.record(
        account, "page-client", Set.of("account:manage"), java.time.Instant.now());

    assertEquals(200, app.send("DELETE", "/account/connections/page-client", page).statusCode());

    assertEquals(401, app.send("GET", "/account", page).statusCode());
  }
}
