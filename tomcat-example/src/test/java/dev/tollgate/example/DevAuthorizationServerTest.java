package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The development authorization server issues RFC 9068 access tokens for the requested resource.
 */
class DevAuthorizationServerTest {
  private static final String RESOURCE = "http://localhost:8080/mcp";
  private static final String REDIRECT = "http://localhost:6274/oauth/callback";
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(ExampleHttp.TIMEOUT).build();

  private static DevAuthorizationServer server;

  @BeforeAll
  static void start() {
    server = DevAuthorizationServer.start(0, ExampleBackend.SCOPES);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tokenWhenClientCredentialsWithResourceThenAtJwtForThatAudience() throws Exception {
    String token = new ExampleHttp().token(server.tokenEndpoint(), "demo-pro", RESOURCE, "mcp");

    assertEquals("at+jwt", part(token, 0).get("typ").asText());
    JsonNode claims = part(token, 1);
    assertEquals("demo-pro", claims.get("sub").asText());
    assertEquals("demo-pro", claims.get("client_id").asText());
    assertEquals(RESOURCE, audience(claims));
    assertEquals("mcp", claims.get("scope").asText());
    assertEquals(server.issuer().toString(), claims.get("iss").asText());
  }

  @Test
  void tokenWhenNoResourceThenNoAudience() throws Exception {
    String token = new ExampleHttp().token(server.tokenEndpoint(), "demo-pro", null, null);

    JsonNode claims = part(token, 1);
    assertTrue(
        claims.path("aud").isMissingNode()
            || claims.get("aud").isEmpty()
            || claims.get("aud").isNull(),
        claims.toString());
    assertEquals("mcp mcp:credits", claims.get("scope").asText());
  }

  @Test
  void tokenWhenAuthorizationCodeWithPkceThenSubjectIsTheLoginName() throws Exception {
    String verifier = verifier();
    String code = authorize(challenge(verifier), "demo-enterprise");

    HttpResponse<String> token = exchange(code, verifier);

    assertEquals(200, token.statusCode(), token.body());
    String accessToken = ExampleHttp.JSON.readTree(token.body()).get("access_token").asText();
    assertEquals("at+jwt", part(accessToken, 0).get("typ").asText());
    JsonNode claims = part(accessToken, 1);
    assertEquals("demo-enterprise", claims.get("sub").asText());
    assertEquals(RESOURCE, audience(claims));
    assertFalse(claims.get("scope").asText().contains("openid"));
  }

  @Test
  void tokenWhenClientHasItsOwnDefaultScopesThenOnlyThoseUnlessItAsks() throws Exception {
    try (DevAuthorizationServer accountServer =
        DevAuthorizationServer.start(
            0,
            ExampleBackend.ISSUED_SCOPES,
            ExampleBackend.SCOPES,
            Map.of("account-page", Set.of("account:manage")))) {
      ExampleHttp http = new ExampleHttp();

      String page = http.token(accountServer.tokenEndpoint(), "account-page", RESOURCE, null);
      String other = http.token(accountServer.tokenEndpoint(), "demo-pro", RESOURCE, null);
      String asked =
          http.token(accountServer.tokenEndpoint(), "demo-pro", RESOURCE, "mcp account:manage");

      assertEquals("account:manage", part(page, 1).get("scope").asText());
      assertEquals("mcp mcp:credits", part(other, 1).get("scope").asText());
      assertEquals("account:manage mcp", part(asked, 1).get("scope").asText());
    }
  }

  @Test
  void tokenWhenCodeVerifierWrongThenRefused() throws Exception {
    String code = authorize(challenge(verifier()), "demo-pro");

    HttpResponse<String> token = exchange(code, verifier());

    assertEquals(400, token.statusCode(), token.body());
  }

  /** Signs in as {@code username} on the sign-in page and approves; returns the code. */
  private static String authorize(String challenge, String username) throws Exception {
    DevSignInWalk.Outcome outcome =
        new DevSignInWalk()
            .walk(
                authorizeUrl(server, "mcp-inspector", challenge, "mcp mcp:credits"),
                username,
                REDIRECT);
    assertTrue(outcome.signInPageShown());
    assertTrue(outcome.consentPageShown());
    assertEquals("s1", outcome.param("state"));
    return outcome.param("code");
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

  private static HttpResponse<String> exchange(String code, String verifier) throws Exception {
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", code);
    exchange.put("redirect_uri", REDIRECT);
    exchange.put("client_id", "mcp-inspector");
    exchange.put("code_verifier", verifier);
    exchange.put("resource", RESOURCE);
    return client.send(
        HttpRequest.newBuilder(server.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(exchange)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String verifier() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String audience(JsonNode claims) {
    JsonNode aud = claims.get("aud");
    return aud.isArray() ? aud.get(0).asText() : aud.asText();
  }

  private static JsonNode part(String jwt, int index) throws Exception {
    return ExampleHttp.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }
}
