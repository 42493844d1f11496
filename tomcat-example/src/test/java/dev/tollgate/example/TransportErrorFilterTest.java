package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed MCP requests with a valid credential, which pass the gate and reach the SDK's servlet
 * (or are refused by the gate first): every answer is a small JSON error without a stack trace,
 * exception text or class name.
 */
class TransportErrorFilterTest {
  private static final String JSON_AND_EVENTS = "application/json, text/event-stream";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(ExampleHttp.TIMEOUT).build();

  private static ExampleServer server;

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

  static Stream<Arguments> malformedRequests() {
    String huge =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":\""
            + "a".repeat(2 << 20)
            + "\"}}";
    return Stream.of(
        Arguments.of(
            "POST without Accept",
            "POST",
            null,
            "application/json",
            ExampleHttp.INITIALIZE,
            null,
            400,
            "Accept must list"),
        Arguments.of(
            "POST accepting JSON only",
            "POST",
            "application/json",
            "application/json",
            ExampleHttp.INITIALIZE,
            null,
            400,
            "Accept must list"),
        Arguments.of(
            "POST without session",
            "POST",
            JSON_AND_EVENTS,
            "application/json",
            LIST,
            null,
            400,
            "Mcp-Session-Id is required"),
        Arguments.of(
            "POST unknown session",
            "POST",
            JSON_AND_EVENTS,
            "application/json",
            LIST,
            "no-such-session",
            404,
            "Session not found"),
        Arguments.of(
            "POST bad JSON",
            "POST",
            JSON_AND_EVENTS,
            "application/json",
            "{\"jsonrpc\":",
            null,
            400,
            null),
        Arguments.of(
            "POST wrong content type",
            "POST",
            JSON_AND_EVENTS,
            "text/plain",
            ExampleHttp.INITIALIZE,
            null,
            400,
            null),
        Arguments.of(
            "POST huge body", "POST", JSON_AND_EVENTS, "application/json", huge, null, 413, null),
        Arguments.of(
            "GET without session",
            "GET",
            "text/event-stream",
            null,
            null,
            null,
            400,
            "Mcp-Session-Id is required"),
        Arguments.of("GET without Accept", "GET", null, null, null, null, 400, "Accept must list"),
        Arguments.of(
            "GET unknown session",
            "GET",
            "text/event-stream",
            null,
            null,
            "no-such-session",
            404,
            "Session not found"),
        Arguments.of(
            "DELETE without session",
            "DELETE",
            null,
            null,
            null,
            null,
            400,
            "Mcp-Session-Id is required"),
        Arguments.of(
            "DELETE unknown session",
            "DELETE",
            null,
            null,
            null,
            "no-such-session",
            404,
            "Session not found"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void requestWhenMalformedThenCleanJsonError(
      String name,
      String method,
      @Nullable String accept,
      @Nullable String contentType,
      @Nullable String body,
      @Nullable String session,
      int status,
      @Nullable String message)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.resource())
            .timeout(ExampleHttp.TIMEOUT)
            .header("Authorization", "Bearer " + server.apiKey(DemoAccounts.PRO).orElseThrow())
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }

    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    JsonNode error = CleanErrors.assertClean(response.body());
    if (message != null) {
      assertTrue(error.get("error").get("message").asText().startsWith(message), response.body());
    }
  }

  @Test
  void postWhenOriginNotAllowedThenCleanJsonReason() throws Exception {
    HttpResponse<String> response =
        new ExampleHttp()
            .post(
                server.resource(),
                server.apiKey(DemoAccounts.PRO).orElseThrow(),
                ExampleHttp.INITIALIZE,
                null,
                "http://evil.example");

    assertEquals(403, response.statusCode(), response.body());
    assertEquals(
        "origin_not_allowed", CleanErrors.assertClean(response.body()).get("error").asText());
  }

  @Test
  void postWhenWellFormedThenSuccessPassesUntouched() throws Exception {
    HttpResponse<String> response =
        new ExampleHttp()
            .post(
                server.resource(),
                server.apiKey(DemoAccounts.PRO).orElseThrow(),
                ExampleHttp.INITIALIZE,
                null,
                null);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        "tollgate-example",
        ExampleHttp.jsonRpc(response.body()).get("result").get("serverInfo").get("name").asText());
  }
}
