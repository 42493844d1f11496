package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What MCP clients need from the development authorization server: RFC 8414 metadata, open Dynamic
 * Client Registration, the authorization code grant with PKCE (S256) and no {@code openid}, rotated
 * refresh tokens for public clients, RFC 7009 revocation, and the auto-login for scripted runs.
 */
class DevAuthorizationFlowsTest {
  private static final String RESOURCE = "http://localhost:8080/mcp";
  private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(ExampleHttp.TIMEOUT).build();

  private static DevAuthorizationServer server;
  private static DevAuthorizationServer autoLogin;

  @BeforeAll
  static void start() {
    server =
        DevAuthorizationServer.builder()
            .scopes(ExampleBackend.ISSUED_SCOPES)
            .defaultScopes(ExampleBackend.SCOPES)
            .userScopes(ExampleBackend.SCOPES)
            .start();
    autoLogin =
        DevAuthorizationServer.builder()
            .scopes(ExampleBackend.ISSUED_SCOPES)
            .userScopes(ExampleBackend.SCOPES)
            .autoLogin(DemoAccounts.PRO)
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (autoLogin != null) {
      autoLogin.close();
    }
  }

  @Test
  void metadataWhenFetchedThenAdvertisesRegistrationPkceS256AndPublicClients() throws Exception {
    JsonNode metadata = json(get(server.metadataUri()));

    assertEquals(server.issuer().toString(), metadata.get("issuer").asText());
    assertEquals(
        server.registrationEndpoint().toString(), metadata.get("registration_endpoint").asText());
    assertEquals(List.of("S256"), strings(metadata.get("code_challenge_methods_supported")));
    assertTrue(strings(metadata.get("token_endpoint_auth_methods_supported")).contains("none"));
    assertTrue(strings(metadata.get("grant_types_supported")).contains("refresh_token"));
    assertTrue(metadata.has("revocation_endpoint"));
  }

  @Test
  void registerWhenPublicClientThenSignsInWithoutOpenidAndRefreshesWithRotation() throws Exception {
    String clientId = register(server);
    DevSignInWalk.Pkce pkce = DevSignInWalk.Pkce.create();

    DevSignInWalk.Outcome outcome =
        new DevSignInWalk()
            .walk(
                authorizeUrl(server, clientId, pkce.challenge(), "mcp"),
                DemoAccounts.PRO,
                REDIRECT);
    JsonNode tokens = exchange(server, clientId, outcome.param("code"), pkce.verifier());

    assertTrue(outcome.signInPageShown());
    assertTrue(outcome.consentPageShown());
    // The consent page names the app, its client id, the account and the scope, as development
    // only.
    assertTrue(outcome.consentPage().contains("MCP test client"), outcome.consentPage());
    assertTrue(outcome.consentPage().contains(clientId), outcome.consentPage());
    assertTrue(outcome.consentPage().contains(DemoAccounts.PRO), outcome.consentPage());
    assertTrue(outcome.consentPage().contains("value=\"mcp\""), outcome.consentPage());
    assertTrue(outcome.consentPage().contains("Development only"), outcome.consentPage());
    JsonNode claims = claims(tokens.get("access_token").asText());
    assertEquals(DemoAccounts.PRO, claims.get("sub").asText());
    assertEquals(clientId, claims.get("client_id").asText());
    assertEquals("mcp", claims.get("scope").asText());
    assertEquals(
        RESOURCE,
        claims.get("aud").isArray()
            ? claims.get("aud").get(0).asText()
            : claims.get("aud").asText());
    assertTrue(claims.has("auth_time"));
    String firstRefresh = tokens.get("refresh_token").asText();

    HttpResponse<String> refreshed = refresh(server, clientId, firstRefresh);
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    JsonNode second = json(refreshed);
    assertNotEquals(firstRefresh, second.get("refresh_token").asText());
    assertEquals(
        claims.get("auth_time").asLong(),
        claims(second.get("access_token").asText()).get("auth_time").asLong());
    // Rotation: a refresh token is good for one use.
    assertEquals(400, refresh(server, clientId, firstRefresh).statusCode());
  }

  @Test
  void revokeWhenPublicClientRevokesItsRefreshTokenThenRefreshRefused() throws Exception {
    String clientId = register(server);
    DevSignInWalk.Pkce pkce = DevSignInWalk.Pkce.create();
    String code =
        new DevSignInWalk()
            .walk(
                authorizeUrl(server, clientId, pkce.challenge(), "mcp"), DemoAccounts.PRO, REDIRECT)
            .param("code");
    String refreshToken =
        exchange(server, clientId, code, pkce.verifier()).get("refresh_token").asText();

    HttpResponse<String> revoked =
        post(
            URI.create(server.issuer() + "/revoke"),
            form(Map.of("token", refreshToken, "client_id", clientId)),
            null);

    assertEquals(200, revoked.statusCode(), revoked.body());
    assertEquals(400, refresh(server, clientId, refreshToken).statusCode());
  }

  @Test
  void authorizeWhenPlainCodeChallengeThenRefused() throws Exception {
    String clientId = register(autoLogin);
    URI plain =
        URI.create(
            authorizeUrl(autoLogin, clientId, "a".repeat(43), "mcp")
                .toString()
                .replace("S256", "plain"));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(plain).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(302, response.statusCode(), response.body());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(
        location.startsWith(REDIRECT) && location.contains("error=invalid_request"), location);
  }

  @Test
  void authorizeWhenAppAsksForAnAccountScopeThenInvalidScope() throws Exception {
    String clientId = register(autoLogin);
    DevSignInWalk.Pkce pkce = DevSignInWalk.Pkce.create();

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    authorizeUrl(autoLogin, clientId, pkce.challenge(), "mcp account:manage"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(302, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Location").orElseThrow().contains("error=invalid_scope"));
  }

  @Test
  void authorizeWhenAutoLoginThenCodeWithoutAnyPage() throws Exception {
    DevSignInWalk.Pkce pkce = DevSignInWalk.Pkce.create();

    DevSignInWalk.Outcome outcome =
        new DevSignInWalk()
            .walk(
                authorizeUrl(autoLogin, "any-local-tool", pkce.challenge(), "mcp mcp:credits"),
                "ignored",
                REDIRECT);
    JsonNode tokens = exchange(autoLogin, "any-local-tool", outcome.param("code"), pkce.verifier());

    assertFalse(outcome.signInPageShown());
    assertFalse(outcome.consentPageShown());
    JsonNode claims = claims(tokens.get("access_token").asText());
    assertEquals(DemoAccounts.PRO, claims.get("sub").asText());
    assertEquals("mcp mcp:credits", claims.get("scope").asText());
  }

  @Test
  void revokeGrantsWhenAccountDisconnectsTheAppThenRefreshRefusedAndConsentAskedAgain()
      throws Exception {
    String clientId = register(server);
    DevSignInWalk.Pkce pkce = DevSignInWalk.Pkce.create();
    String code =
        new DevSignInWalk()
            .walk(
                authorizeUrl(server, clientId, pkce.challenge(), "mcp"),
                DemoAccounts.CREDITS,
                REDIRECT)
            .param("code");
    String refreshToken =
        exchange(server, clientId, code, pkce.verifier()).get("refresh_token").asText();

    assertTrue(server.revokeGrants(DemoAccounts.CREDITS, clientId));

    assertEquals(400, refresh(server, clientId, refreshToken).statusCode());
    DevSignInWalk.Outcome again =
        new DevSignInWalk()
            .walk(
                authorizeUrl(server, clientId, pkce.challenge(), "mcp"),
                DemoAccounts.CREDITS,
                REDIRECT);
    assertTrue(again.consentPageShown());
  }

  /** Registers a public client as MCP Inspector does (RFC 7591); returns its client id. */
  static String register(DevAuthorizationServer at) throws Exception {
    String body =
        "{\"client_name\":\"MCP test client\",\"redirect_uris\":[\""
            + REDIRECT
            + "\"],"
            + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
            + "\"token_endpoint_auth_method\":\"none\"}";
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(at.registrationEndpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body() + response.headers().map());
    JsonNode registered = json(response);
    assertFalse(registered.has("client_secret"), response.body());
    return registered.get("client_id").asText();
  }

  private static URI authorizeUrl(
      DevAuthorizationServer at, String clientId, String challenge, String scope) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", REDIRECT);
    query.put("scope", scope);
    query.put("state", "s1");
    query.put("code_challenge", challenge);
    query.put("code_challenge_method", "S256");
    query.put("resource", RESOURCE);
    return URI.create(at.authorizationEndpoint() + "?" + form(query));
  }

  private static JsonNode exchange(
      DevAuthorizationServer at, String clientId, String code, String verifier) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", REDIRECT);
    form.put("client_id", clientId);
    form.put("code_verifier", verifier);
    form.put("resource", RESOURCE);
    HttpResponse<String> response = post(at.tokenEndpoint(), form(form), null);
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  private static HttpResponse<String> refresh(
      DevAuthorizationServer at, String clientId, String refreshToken) throws Exception {
    return post(
        at.tokenEndpoint(),
        form(
            Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                refreshToken,
                "client_id",
                clientId,
                "resource",
                RESOURCE)),
        null);
  }

  private static HttpResponse<String> post(URI uri, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return ExampleHttp.JSON.readTree(response.body());
  }

  private static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  private static JsonNode claims(String jwt) throws Exception {
    return ExampleHttp.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static String form(Map<String, String> values) {
    return DevSignInWalk.encode(values);
  }
}
