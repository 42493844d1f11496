package dev.tollgate.spring.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MCP over streamable HTTP and client-credentials tokens, as a client sends them, for the tests.
 */
final class McpHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1.0\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  HttpResponse<String> post(URI uri, String bearer, String body, String sessionId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", "Bearer " + bearer)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Initializes a session and calls {@code tool}; the initialize response when that was refused.
   */
  HttpResponse<String> callTool(URI mcp, String bearer, String tool, Map<String, Object> arguments)
      throws IOException, InterruptedException {
    HttpResponse<String> init = post(mcp, bearer, INITIALIZE, null);
    if (init.statusCode() != 200) {
      return init;
    }
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized = post(mcp, bearer, INITIALIZED, session);
    if (initialized.statusCode() >= 300) {
      throw new AssertionError("notifications/initialized answered " + initialized.statusCode());
    }
    String call =
        JSON.writeValueAsString(
            Map.of(
                "jsonrpc",
                "2.0",
                "id",
                2,
                "method",
                "tools/call",
                "params",
                Map.of("name", tool, "arguments", arguments)));
    return post(mcp, bearer, call, session);
  }

  /** A client-credentials token for client {@code clientId} (any secret), for {@code resource}. */
  String token(URI issuer, String clientId, URI resource, String scope)
      throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&resource="
            + URLEncoder.encode(resource.toString(), StandardCharsets.UTF_8)
            + "&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8);
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":any-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  /** The JSON of a body that is either JSON or SSE {@code data:} lines. */
  static JsonNode jsonRpc(String body) throws IOException {
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      return JSON.readTree(trimmed);
    }
    return JSON.readTree(
        trimmed
            .lines()
            .filter(line -> line.startsWith("data:"))
            .map(line -> line.substring(5).strip())
            .collect(Collectors.joining()));
  }
}
