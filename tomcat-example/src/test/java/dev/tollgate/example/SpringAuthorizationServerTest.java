package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example, configured only through environment variables, behind a real Spring Authorization
 * Server: its default access tokens (no {@code typ}, {@code scope} an array, {@code aud} the client
 * id) are refused with the defaults and accepted with the settings the README gives for it.
 */
class SpringAuthorizationServerTest {
  private static final ExampleHttp http = new ExampleHttp();
  private static EmbeddedSpringAuthorizationServer spring;

  @BeforeAll
  static void start() throws Exception {
    // sub = client id for client_credentials, so the client is named after a demo account.
    spring =
        EmbeddedSpringAuthorizationServer.start(List.of(DemoAccounts.PRO), "mcp", "tools.read");
  }

  @AfterAll
  static void stop() {
    if (spring != null) {
      spring.close();
    }
  }

  private static ExampleServer example(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("PORT", "0");
    env.put("TOLLGATE_ISSUER", spring.issuer());
    return ExampleServer.start(ExampleConfig.fromEnvironment(env));
  }

  private static JsonNode claims(String token) throws Exception {
    String[] parts = token.split("\\.");
    return ExampleHttp.JSON.readTree(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static JsonNode header(String token) throws Exception {
    return ExampleHttp.JSON.readTree(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  @Test
  void tokenWhenDefaultSettingsThenUntypedWithScopeArrayAndClientIdAudience() throws Exception {
    String token = http.token(spring.tokenEndpoint(), DemoAccounts.PRO, null, "mcp tools.read");

    assertNull(header(token).get("typ"));
    assertTrue(claims(token).get("scope").isArray(), claims(token).toString());
    JsonNode aud = claims(token).get("aud");
    assertEquals(
        DemoAccounts.PRO, aud.isArray() ? aud.get(0).asText() : aud.asText(), aud.toString());
  }

  @Test
  void callToolWhenReadmeSettingsThenSpringTokenAccepted() throws Exception {
    try (ExampleServer server =
        example(
            Map.of(
                "TOLLGATE_TOKEN_TYPES", "at+jwt untyped", "TOLLGATE_AUDIENCE", DemoAccounts.PRO))) {
      String token = http.token(spring.tokenEndpoint(), DemoAccounts.PRO, null, "mcp tools.read");

      HttpResponse<String> response = http.callTool(server.resource(), token, "whoami", Map.of());

      assertEquals(200, response.statusCode(), response.body());
      JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
      assertFalse(result.path("isError").asBoolean(), response.body());
      assertEquals(DemoAccounts.PRO, result.get("structuredContent").get("account").asText());
    }
  }

  @Test
  void postWhenOnlyIssuerConfiguredThenSpringTokenRefusedForItsType() throws Exception {
    try (ExampleServer server = example(Map.of())) {
      String token = http.token(spring.tokenEndpoint(), DemoAccounts.PRO, null, "mcp");

      HttpResponse<String> response =
          http.post(server.resource(), token, ExampleHttp.INITIALIZE, null, null);

      assertEquals(401, response.statusCode());
      String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.contains("The access token type is not accepted"), challenge);
    }
  }

  @Test
  void postWhenTypesWidenedButAudienceIsTheResourceThenRefusedForAudience() throws Exception {
    try (ExampleServer server = example(Map.of("TOLLGATE_TOKEN_TYPES", "at+jwt untyped"))) {
      String token = http.token(spring.tokenEndpoint(), DemoAccounts.PRO, null, "mcp");

      HttpResponse<String> response =
          http.post(server.resource(), token, ExampleHttp.INITIALIZE, null, null);

      assertEquals(401, response.statusCode());
      String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.contains("The access token is not valid for this resource"), challenge);
    }
  }
}
