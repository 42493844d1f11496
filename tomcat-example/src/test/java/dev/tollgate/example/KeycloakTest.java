package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example, configured only through environment variables, in front of a real Keycloak 26.5
 * server: its default {@code typ: JWT} access tokens, its RFC 9068 ones, discovery from {@code
 * TOLLGATE_ISSUER} alone, a user's authorization-code login, and a revoked session.
 */
@ExtendWith(KeycloakExtension.class)
class KeycloakTest {
  private static final ExampleHttp http = new ExampleHttp();
  private static KeycloakServer keycloak;

  @BeforeAll
  static void keycloak(KeycloakServer server) {
    keycloak = server;
  }

  /** The README's Keycloak settings, less {@code TOLLGATE_TOKEN_TYPES}, plus {@code more}. */
  private static ExampleServer example(Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("TOLLGATE_ISSUER", keycloak.issuer());
    env.put("TOLLGATE_AUDIENCE", KeycloakServer.AUDIENCE);
    env.put("TOLLGATE_ACCOUNT_CLAIM", "account");
    env.putAll(more);
    return ExampleServer.start(ExampleConfig.fromEnvironment(env));
  }

  private static JsonNode header(String token) throws Exception {
    return ExampleHttp.JSON.readTree(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  private static void assertAccepted(ExampleServer server, String token, String account)
      throws Exception {
    HttpResponse<String> response = http.callTool(server.resource(), token, "whoami", Map.of());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
    assertFalse(result.path("isError").asBoolean(), response.body());
    assertEquals(account, result.get("structuredContent").get("account").asText());
  }

  private static String refusal(ExampleServer server, String token) throws Exception {
    HttpResponse<String> response =
        http.post(server.resource(), token, ExampleHttp.INITIALIZE, null, null);
    assertEquals(401, response.statusCode(), response.body());
    return response.headers().firstValue("WWW-Authenticate").orElseThrow();
  }

  @Test
  void postWhenDefaultKeycloakTokenAndDefaultTypesThenRefusedForItsType() throws Exception {
    String token = keycloak.clientToken(KeycloakServer.DEFAULT_CLIENT);
    assertEquals("JWT", header(token).get("typ").asText());

    try (ExampleServer server = example(Map.of())) {
      assertTrue(refusal(server, token).contains("The access token type is not accepted"));
    }
  }

  @Test
  void callToolWhenRfc9068ClientAndIssuerAloneThenAcceptedThroughDiscovery() throws Exception {
    String token = keycloak.clientToken(KeycloakServer.RFC9068_CLIENT);
    assertEquals("at+jwt", header(token).get("typ").asText());

    try (ExampleServer server = example(Map.of())) {
      assertAccepted(server, token, KeycloakServer.RFC9068_CLIENT);
    }
  }

  @Test
  void callToolWhenTokenTypesAcceptJwtThenDefaultAndRfc9068TokensAccepted() throws Exception {
    try (ExampleServer server = example(Map.of("TOLLGATE_TOKEN_TYPES", "at+jwt JWT"))) {
      assertAccepted(
          server,
          keycloak.clientToken(KeycloakServer.DEFAULT_CLIENT),
          KeycloakServer.DEFAULT_CLIENT);
      assertAccepted(
          server,
          keycloak.clientToken(KeycloakServer.RFC9068_CLIENT),
          KeycloakServer.RFC9068_CLIENT);
    }
  }

  @Test
  void callToolWhenUserLoggedInWithAuthorizationCodeThenActsAsTheUser() throws Exception {
    KeycloakServer.Login login = keycloak.login();

    try (ExampleServer server = example(Map.of("TOLLGATE_TOKEN_TYPES", "at+jwt JWT"))) {
      assertAccepted(server, login.accessToken(), KeycloakServer.USER);
    }
  }

  @Test
  void postWhenSessionRevokedAndIssuerRoutedToIntrospectionThenRefused() throws Exception {
    KeycloakServer.Login login = keycloak.login();
    String sameSession = keycloak.refresh(login);
    Map<String, String> introspected =
        Map.of(
            "TOLLGATE_TOKEN_TYPES",
            "at+jwt JWT",
            "TOLLGATE_INTROSPECTION_URI",
            keycloak.introspectionEndpoint().toString(),
            "TOLLGATE_INTROSPECTION_CLIENT_ID",
            KeycloakServer.INTROSPECTION_CLIENT,
            "TOLLGATE_INTROSPECTION_CLIENT_SECRET",
            KeycloakServer.INTROSPECTION_SECRET,
            "TOLLGATE_INTROSPECTION_ISSUERS",
            keycloak.issuer());

    try (ExampleServer server = example(introspected);
        ExampleServer local = example(Map.of("TOLLGATE_TOKEN_TYPES", "at+jwt JWT"))) {
      assertAccepted(server, login.accessToken(), KeycloakServer.USER);

      keycloak.revokeUserSessions();

      // A token of the ended session, not yet cached: introspection says it is no longer active.
      assertTrue(refusal(server, sameSession).contains("invalid_token"));
      // Verified locally, a signed JWT stays valid until it expires: what the route is for.
      assertAccepted(local, sameSession, KeycloakServer.USER);
    }
  }
}
