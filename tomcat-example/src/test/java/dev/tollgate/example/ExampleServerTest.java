package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExampleServerTest {
  private static ExampleServer server;
  private static final ExampleHttp http = new ExampleHttp();

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

  private static URI tokenEndpoint() {
    return server.devAuthorizationServer().orElseThrow().tokenEndpoint();
  }

  private static String token(String account) throws Exception {
    return http.token(tokenEndpoint(), account, server.resource().toString(), null);
  }

  @Test
  void postWhenNoCredentialThen401WithResourceMetadataServingTheResource() throws Exception {
    HttpResponse<String> response =
        http.post(server.resource(), null, ExampleHttp.INITIALIZE, null, null);

    assertEquals(401, response.statusCode());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.startsWith("Bearer "), challenge);
    assertFalse(challenge.contains("error="), challenge);
    Matcher url = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
    assertTrue(url.find(), challenge);

    HttpResponse<String> metadata = http.get(URI.create(url.group(1)));
    assertEquals(200, metadata.statusCode());
    JsonNode document = ExampleHttp.JSON.readTree(metadata.body());
    assertEquals(server.resource().toString(), document.get("resource").asText());
    assertEquals(
        server.devAuthorizationServer().orElseThrow().issuer().toString(),
        document.get("authorization_servers").get(0).asText());
    assertTrue(document.get("scopes_supported").toString().contains("mcp:credits"));
  }

  @Test
  void sdkClientWhenTokenFromDevServerThenInitializesListsAndCallsTools() throws Exception {
    String token = token(DemoAccounts.PRO);
    try (McpSyncClient client = client(token)) {
      client.initialize();

      List<String> tools =
          client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
      assertEquals(List.of("charge_credits", "echo", "enterprise_report", "whoami"), tools);

      McpSchema.CallToolResult who = client.callTool(call("whoami", Map.of()));
      assertFalse(Boolean.TRUE.equals(who.isError()));
      @SuppressWarnings("unchecked")
      Map<String, Object> content = (Map<String, Object>) who.structuredContent();
      assertEquals("demo-pro", content.get("account"));
      assertEquals("professional", content.get("plan"));
      assertEquals("demo-pro", content.get("client"));
      assertEquals("ACCESS_TOKEN", content.get("credential"));
      assertEquals(List.of("mcp", "mcp:credits"), content.get("scopes"));
    }
  }

  @Test
  void sdkClientWhenApiKeyThenCallsToolsAndChargesCredits() throws Exception {
    String key = server.apiKey(DemoAccounts.CREDITS).orElseThrow();
    try (McpSyncClient client = client(key)) {
      client.initialize();

      McpSchema.CallToolResult who = client.callTool(call("whoami", Map.of()));
      @SuppressWarnings("unchecked")
      Map<String, Object> identity = (Map<String, Object>) who.structuredContent();
      assertEquals("demo-credits", identity.get("account"));
      assertEquals("API_KEY", identity.get("credential"));
      long before = ((Number) identity.get("credits")).longValue();

      McpSchema.CallToolResult charged =
          client.callTool(call("charge_credits", Map.of("amount", 3)));
      assertFalse(Boolean.TRUE.equals(charged.isError()));
      @SuppressWarnings("unchecked")
      Map<String, Object> charge = (Map<String, Object>) charged.structuredContent();
      assertEquals(true, charge.get("accepted"));
      assertEquals(before - 3, ((Number) charge.get("balance")).longValue());
    }
  }

  @Test
  void printBannerWhenStartedThenOneLinePerKeyAndCopyPasteLines() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    server.printBanner(
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();

    for (String account :
        List.of(DemoAccounts.PRO, DemoAccounts.ENTERPRISE, DemoAccounts.CREDITS)) {
      assertTrue(
          lines.contains("API key for " + account + ": " + server.apiKey(account).orElseThrow()),
          account);
    }
    assertTrue(lines.stream().noneMatch(line -> line.startsWith("API key for demo-free")));
    assertTrue(
        lines.contains("Account page (API key, connected apps): " + server.accountPage()),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(
                line ->
                    line.startsWith(
                        "Listening on 127.0.0.1:" + server.port() + " (this machine only")),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(line -> line.startsWith("curl -i -X POST " + server.resource() + " ")));
    assertTrue(lines.contains("Token endpoint: " + tokenEndpoint()), lines.toString());
    assertTrue(
        lines.contains(
            "npx @modelcontextprotocol/inspector@2.12.0 --cli "
                + server.resource()
                + " --method tools/list"),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(
                line ->
                    line.startsWith(
                            "npx @modelcontextprotocol/inspector@2.12.0 --cli "
                                + server.resource()
                                + " --transport http")
                        && line.contains("Authorization: Bearer tgk_")),
        lines.toString());
  }

  @Test
  void printBannerWhenTokenCommandRunThenItsTokenCallsToolsAsDemoPro() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    server.printBanner(
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    String command =
        bytes
            .toString(java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .filter(
                line -> line.startsWith("curl -s -u demo-pro:x -d grant_type=client_credentials"))
            .findFirst()
            .orElseThrow();

    // The printed line itself, run by a shell as a reader would paste it.
    Process curl = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String output =
        new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, curl.waitFor(), output);
    String accessToken = ExampleHttp.JSON.readTree(output).get("access_token").asText();

    HttpResponse<String> response =
        http.callTool(server.resource(), accessToken, "whoami", Map.of());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        DemoAccounts.PRO,
        ExampleHttp.jsonRpc(response.body())
            .get("result")
            .get("structuredContent")
            .get("account")
            .asText());
  }

  @Test
  void apiKeyWhenFreeAccountThenNoneIssued() {
    assertTrue(server.apiKey(DemoAccounts.FREE).isEmpty());
    assertTrue(server.apiKey(DemoAccounts.PRO).isPresent());
    assertTrue(server.apiKey(DemoAccounts.ENTERPRISE).isPresent());
  }

  @ParameterizedTest(name = "{0} calling {1} -> {2} {3}")
  @CsvSource({
    "demo-pro,        whoami,            200, ",
    "demo-pro,        enterprise_report, 403, entitlement_required",
    "demo-enterprise, enterprise_report, 200, ",
    "demo-credits,    whoami,            200, ",
    "demo-free,       whoami,            403, entitlement_required",
  })
  void callToolWhenAccountThenEntitlementDecides(
      String account, String tool, int status, String error) throws Exception {
    HttpResponse<String> response =
        http.callTool(server.resource(), token(account), tool, Map.of());

    assertEquals(status, response.statusCode(), response.body());
    if (error == null) {
      JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
      assertFalse(result.path("isError").asBoolean(), response.body());
      assertEquals(account, result.get("structuredContent").get("account").asText());
    } else {
      assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty(), "no step-up loop");
      JsonNode body = ExampleHttp.JSON.readTree(response.body());
      assertEquals(error, body.get("error").asText());
      assertFalse(body.get("error_description").asText().isEmpty());
    }
  }

  @ParameterizedTest(name = "{0} calling {1}")
  @CsvSource({
    "demo-free, whoami",
    "demo-pro,  enterprise_report",
  })
  void callToolWhenNotEntitledThen403WithUpgradeLinkToTheAccountPage(String account, String tool)
      throws Exception {
    HttpResponse<String> response =
        http.callTool(server.resource(), token(account), tool, Map.of());

    assertEquals(403, response.statusCode(), response.body());
    JsonNode body = ExampleHttp.JSON.readTree(response.body());
    assertEquals("entitlement_required", body.get("error").asText());
    assertEquals(
        server.accountPage().toString(), body.get("upgrade_uri").asText(), response.body());
  }

  @Test
  void callToolWhenUpgradeUriConfiguredThenRefusalCarriesIt() throws Exception {
    String upgrade = "https://billing.example.com/upgrade?from=mcp";
    ExampleConfig config =
        new ExampleConfig(
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            List.of(),
            Map.of("TOLLGATE_UPGRADE_URI", upgrade));
    try (ExampleServer configured = ExampleServer.start(config)) {
      String token =
          http.token(
              configured.devAuthorizationServer().orElseThrow().tokenEndpoint(),
              DemoAccounts.FREE,
              configured.resource().toString(),
              null);

      HttpResponse<String> response =
          http.post(configured.resource(), token, ExampleHttp.INITIALIZE, null, null);

      assertEquals(403, response.statusCode(), response.body());
      assertEquals(upgrade, ExampleHttp.JSON.readTree(response.body()).get("upgrade_uri").asText());
    }
  }

  @Test
  void callToolWhenTokenLacksCreditsScopeThen403InsufficientScope() throws Exception {
    String token =
        http.token(tokenEndpoint(), DemoAccounts.PRO, server.resource().toString(), "mcp");

    HttpResponse<String> response =
        http.callTool(server.resource(), token, "charge_credits", Map.of("amount", 1));

    assertEquals(403, response.statusCode(), response.body());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
    assertTrue(challenge.contains("mcp:credits"), challenge);
    assertTrue(challenge.contains("resource_metadata=\""), challenge);
    assertEquals(
        "insufficient_scope", ExampleHttp.JSON.readTree(response.body()).get("error").asText());
  }

  @Test
  void postWhenTokenHasNoKnownScopeThen403InsufficientScope() throws Exception {
    String token =
        http.token(tokenEndpoint(), DemoAccounts.PRO, server.resource().toString(), "account:read");

    HttpResponse<String> response =
        http.post(server.resource(), token, ExampleHttp.INITIALIZE, null, null);

    assertEquals(403, response.statusCode());
    assertTrue(
        response
            .headers()
            .firstValue("WWW-Authenticate")
            .orElseThrow()
            .contains("insufficient_scope"));
  }

  @Test
  void postWhenTokenRequestedWithoutResourceThen401InvalidToken() throws Exception {
    String token = http.token(tokenEndpoint(), DemoAccounts.PRO, null, null);

    HttpResponse<String> response =
        http.post(server.resource(), token, ExampleHttp.INITIALIZE, null, null);

    assertEquals(401, response.statusCode());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
  }

  @Test
  void postWhenOriginNotAllowedThen403() throws Exception {
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();

    HttpResponse<String> refused =
        http.post(server.resource(), key, ExampleHttp.INITIALIZE, null, "http://evil.example");
    HttpResponse<String> allowed =
        http.post(server.resource(), key, ExampleHttp.INITIALIZE, null, "http://localhost:6274");

    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals(
        "origin_not_allowed", ExampleHttp.JSON.readTree(refused.body()).get("error").asText());
    assertEquals(200, allowed.statusCode(), allowed.body());
  }

  @Test
  void postWhenHostNotTheResourcesThen421FromTheMcpTransport() throws Exception {
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();

    String refused = rawInitialize(key, "evil.example:" + server.resource().getPort());
    String allowed = rawInitialize(key, server.resource().getRawAuthority());

    assertTrue(refused.startsWith("HTTP/1.1 421 "), refused);
    assertTrue(refused.contains("This host name is not served here"), refused);
    assertTrue(allowed.startsWith("HTTP/1.1 200 "), allowed);
  }

  /**
   * An authorized initialize request with the {@code Host} header given (HttpClient sets its own).
   */
  private static String rawInitialize(String key, String host) throws IOException {
    byte[] body = ExampleHttp.INITIALIZE.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + server.resource().getRawPath()
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nAuthorization: Bearer "
            + key
            + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream"
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), server.resource().getPort())) {
      socket.setSoTimeout((int) ExampleHttp.TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void preflightAndPostWhenOriginNotAllowedThenBothRefusedSayingWhy() throws Exception {
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();

    HttpResponse<String> preflight = preflight("http://evil.example");
    HttpResponse<String> post =
        http.post(server.resource(), key, ExampleHttp.INITIALIZE, null, "http://evil.example");

    for (HttpResponse<String> refused : List.of(preflight, post)) {
      assertEquals(403, refused.statusCode(), refused.body());
      assertEquals(
          "origin_not_allowed", ExampleHttp.JSON.readTree(refused.body()).get("error").asText());
      assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
  }

  @Test
  void preflightAndPostWhenLoopbackToolOriginThenBothAllowed() throws Exception {
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();
    String inspector = "http://localhost:6274";

    HttpResponse<String> preflight = preflight(inspector);
    HttpResponse<String> post =
        http.post(server.resource(), key, ExampleHttp.INITIALIZE, null, inspector);

    assertEquals(204, preflight.statusCode(), preflight.body());
    assertEquals(
        inspector, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(200, post.statusCode(), post.body());
    assertEquals(inspector, post.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(server.resource())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .timeout(ExampleHttp.TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void postWhenSessionOpenedByAnotherAccountThen404SessionNotFound() throws Exception {
    String pro = server.apiKey(DemoAccounts.PRO).orElseThrow();
    String enterprise = server.apiKey(DemoAccounts.ENTERPRISE).orElseThrow();
    HttpResponse<String> init =
        http.post(server.resource(), pro, ExampleHttp.INITIALIZE, null, null);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    http.post(server.resource(), pro, ExampleHttp.INITIALIZED, session, null);
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    HttpResponse<String> stolen = http.post(server.resource(), enterprise, list, session, null);
    HttpResponse<String> own = http.post(server.resource(), pro, list, session, null);
    HttpResponse<String> unknown = http.post(server.resource(), pro, list, "no-such-session", null);

    assertEquals(404, stolen.statusCode(), stolen.body());
    assertEquals(200, own.statusCode(), own.body());
    assertEquals(404, unknown.statusCode(), unknown.body());
  }

  @Test
  void postWhenJsonRpcBatchThen400InvalidRequest() throws Exception {
    String key = server.apiKey(DemoAccounts.ENTERPRISE).orElseThrow();
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}]";

    HttpResponse<String> response = http.post(server.resource(), key, batch, null, null);

    assertEquals(400, response.statusCode(), response.body());
    assertEquals(
        "invalid_request", ExampleHttp.JSON.readTree(response.body()).get("error").asText());
  }

  @Test
  void postWhenClientRevokedThen401InvalidTokenAndOtherClientsUnaffected() throws Exception {
    // Client-credentials tokens act as the account named by their client id.
    String credits = token(DemoAccounts.CREDITS);
    String enterprise = token(DemoAccounts.ENTERPRISE);
    assertEquals(
        200,
        http.post(server.resource(), credits, ExampleHttp.INITIALIZE, null, null).statusCode());

    server.revocations().revokeClient(DemoAccounts.CREDITS, DemoAccounts.CREDITS);
    try {
      HttpResponse<String> revoked =
          http.post(server.resource(), credits, ExampleHttp.INITIALIZE, null, null);
      HttpResponse<String> other =
          http.post(server.resource(), enterprise, ExampleHttp.INITIALIZE, null, null);

      assertEquals(401, revoked.statusCode(), revoked.body());
      assertTrue(
          revoked.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
      assertEquals(200, other.statusCode(), other.body());
    } finally {
      server.revocations().lift(DemoAccounts.CREDITS, DemoAccounts.CREDITS);
    }
  }

  @Test
  void postWhenMessageLargerThanBodyLimitThen413() throws Exception {
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();
    String large =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\""
            + "x".repeat(1 << 20)
            + "\"}}}";

    HttpResponse<String> response = http.post(server.resource(), key, large, null, null);

    assertEquals(413, response.statusCode(), response.body());
  }

  @Test
  void postWhenCredentialUnknownThen401InvalidToken() throws Exception {
    HttpResponse<String> response =
        http.post(server.resource(), "tgk_notarealkey", ExampleHttp.INITIALIZE, null, null);

    assertEquals(401, response.statusCode());
    assertNull(response.headers().firstValue("Mcp-Session-Id").orElse(null));
  }

  private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
    return McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build();
  }

  static McpSyncClient client(String bearer) {
    URI resource = server.resource();
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(
                resource.getScheme() + "://" + resource.getRawAuthority())
            .endpoint(resource.getPath())
            .addHttpRequestCustomizer(
                (request, method, uri, body, context) ->
                    request.header("Authorization", "Bearer " + bearer))
            .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
  }
}
