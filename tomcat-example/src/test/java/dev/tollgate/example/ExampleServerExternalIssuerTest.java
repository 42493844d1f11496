package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.example.demo.DemoAccounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code TOLLGATE_ISSUER} + {@code TOLLGATE_JWKS_URI}: no local authorization server, the external
 * one advertised and trusted; {@code TOLLGATE_INTROSPECTION_*}: opaque tokens introspected.
 */
class ExampleServerExternalIssuerTest {
  private static final String OPAQUE_TOKEN = "opaque-token-for-demo-enterprise";
  private static final String CLIENT_ID = "example-resource-server";
  private static final String CLIENT_SECRET = "introspection-secret";

  private static final ExampleHttp http = new ExampleHttp();
  private static final AtomicInteger introspections = new AtomicInteger();
  private static volatile String audience = "";

  private static DevAuthorizationServer external;
  private static HttpServer introspection;
  private static ExampleServer server;

  @BeforeAll
  static void start() throws IOException {
    external = DevAuthorizationServer.start(0, ExampleBackend.SCOPES);
    introspection =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    introspection.createContext(
        "/introspect",
        exchange -> {
          introspections.incrementAndGet();
          String expected =
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, Object> body = new LinkedHashMap<>();
          if (expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
              && form.contains("token=" + OPAQUE_TOKEN)) {
            body.put("active", true);
            body.put("sub", DemoAccounts.ENTERPRISE);
            body.put("client_id", "partner-app");
            body.put("scope", "mcp");
            body.put("aud", audience);
            body.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
          } else {
            body.put("active", false);
          }
          byte[] bytes = ExampleHttp.JSON.writeValueAsBytes(body);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    introspection.start();
    URI introspectionUri =
        URI.create("http://127.0.0.1:" + introspection.getAddress().getPort() + "/introspect");
    ExampleConfig config =
        new ExampleConfig(
            0,
            null,
            external.issuer().toString(),
            external.jwksUri(),
            introspectionUri,
            CLIENT_ID,
            CLIENT_SECRET,
            null,
            0,
            java.util.List.of(),
            Map.of());
    server = ExampleServer.start(config);
    audience = server.resource().toString();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (introspection != null) {
      introspection.stop(0);
    }
    if (external != null) {
      external.close();
    }
  }

  @Test
  void startWhenIssuerConfiguredThenNoLocalServerAndExternalOneAdvertised() throws Exception {
    assertTrue(server.devAuthorizationServer().isEmpty());
    JsonNode metadata = ExampleHttp.JSON.readTree(http.get(server.resourceMetadataUrl()).body());
    assertEquals(
        external.issuer().toString(), metadata.get("authorization_servers").get(0).asText());
  }

  @Test
  void callToolWhenJwtFromExternalIssuerThenActsAsItsSubject() throws Exception {
    String token =
        http.token(
            external.tokenEndpoint(), DemoAccounts.ENTERPRISE, server.resource().toString(), null);

    HttpResponse<String> response =
        http.callTool(server.resource(), token, "enterprise_report", Map.of());

    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
    assertFalse(result.path("isError").asBoolean(), response.body());
    assertEquals("enterprise", result.get("structuredContent").get("plan").asText());
  }

  @Test
  void callToolWhenOpaqueTokenThenIntrospectedAndActsAsItsSubject() throws Exception {
    HttpResponse<String> response =
        http.callTool(server.resource(), OPAQUE_TOKEN, "whoami", Map.of());

    assertEquals(200, response.statusCode(), response.body());
    JsonNode who = ExampleHttp.jsonRpc(response.body()).get("result").get("structuredContent");
    assertEquals("demo-enterprise", who.get("account").asText());
    assertEquals("partner-app", who.get("client").asText());
    assertEquals("ACCESS_TOKEN", who.get("credential").asText());
    assertTrue(introspections.get() > 0);
  }

  @Test
  void postWhenOpaqueTokenUnknownThen401InvalidToken() throws Exception {
    HttpResponse<String> response =
        http.post(server.resource(), "some-other-opaque-token", ExampleHttp.INITIALIZE, null, null);

    assertEquals(401, response.statusCode());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
  }
}
