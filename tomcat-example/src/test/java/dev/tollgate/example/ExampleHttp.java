package dev.tollgate.example;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Plain HTTP against the example: raw MCP messages, tokens from the development server. */
final class ExampleHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1.0\"}}}";
  static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(
      URI uri,
      @Nullable String bearer,
      String body,
      @Nullable String sessionId,
      @Nullable String origin)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return sendOnce(request.build());
  }

  /**
   * Sends {@code request}, once more when the connection it went out on was closed by the server
   * before a single byte of a response came back: the JDK client reused a pooled keep-alive
   * connection that Tomcat was closing at that moment, a race of the transport on a busy machine,
   * not an answer of the server's. Any response, or any other failure, is returned as it is.
   */
  private HttpResponse<String> sendOnce(HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  /**
   * Initializes a session and calls {@code tool}; answers the initialize response when it was
   * refused, else the tools/call response.
   */
  HttpResponse<String> callTool(URI mcp, String bearer, String tool, Map<String, Object> arguments)
      throws IOException, InterruptedException {
    HttpResponse<String> init = post(mcp, bearer, INITIALIZE, null, null);
    if (init.statusCode() != 200) {
      return init;
    }
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized = post(mcp, bearer, INITIALIZED, session, null);
    if (initialized.statusCode() >= 300) {
      throw new AssertionError("notifications/initialized answered " + initialized.statusCode());
    }
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("jsonrpc", "2.0");
    call.put("id", 2);
    call.put("method", "tools/call");
    call.put("params", Map.of("name", tool, "arguments", arguments));
    return post(mcp, bearer, JSON.writeValueAsString(call), session, null);
  }

  /** A client-credentials token from {@code tokenEndpoint} for client {@code clientId}. */
  String token(
      URI tokenEndpoint, String clientId, @Nullable String resource, @Nullable String scope)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (resource != null) {
      form.put("resource", resource);
    }
    if (scope != null) {
      form.put("scope", scope);
    }
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":dev-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(tokenEndpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  /**
   * The token response of an authorization code flow with PKCE at the development server: {@code
   * username} signs in on its login page for {@code clientId}, asking for {@code resource}.
   */
  JsonNode authorizationCode(URI issuer, String clientId, String username, String resource)
      throws IOException, InterruptedException {
    return authorizationCode(
        issuer, clientId, username, resource, "http://localhost/callback", "mcp");
  }

  /** As above, from {@code redirect} for {@code scope}. */
  JsonNode authorizationCode(
      URI issuer, String clientId, String username, String resource, String redirect, String scope)
      throws IOException, InterruptedException {
    DevSignInWalk.Pkce pkce = DevSignInWalk.Pkce.create();
    String verifier = pkce.verifier();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", redirect);
    query.put("scope", scope);
    query.put("state", "s");
    query.put("code_challenge", pkce.challenge());
    query.put("code_challenge_method", "S256");
    query.put("resource", resource);
    URI authorize = URI.create(issuer + "/authorize?" + formEncode(query));
    String code = new DevSignInWalk().walk(authorize, username, redirect).param("code");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", String.valueOf(code));
    form.put("redirect_uri", redirect);
    form.put("client_id", clientId);
    form.put("code_verifier", verifier);
    form.put("resource", resource);
    return tokenRequest(URI.create(issuer + "/token"), form);
  }

  /** The token response of a refresh token grant for public client {@code clientId}. */
  JsonNode refresh(URI issuer, String clientId, String refreshToken, String resource)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("client_id", clientId);
    form.put("resource", resource);
    return tokenRequest(URI.create(issuer + "/token"), form);
  }

  /** The raw response of a refresh token grant for public client {@code clientId}. */
  HttpResponse<String> refreshResponse(
      URI issuer, String clientId, String refreshToken, String resource)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("client_id", clientId);
    form.put("resource", resource);
    return client.send(
        HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode tokenRequest(URI tokenEndpoint, Map<String, String> form)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(tokenEndpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The JSON of a response body that is either JSON or a single SSE {@code data:} event. */
  static JsonNode jsonRpc(String body) throws IOException {
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      return JSON.readTree(trimmed);
    }
    String data =
        trimmed
            .lines()
            .filter(line -> line.startsWith("data:"))
            .map(line -> line.substring(5).strip())
            .collect(Collectors.joining());
    return JSON.readTree(data);
  }

  private static String formEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
