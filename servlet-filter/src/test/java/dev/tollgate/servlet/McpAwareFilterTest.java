package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.scope.McpScopePolicy;
import dev.tollgate.testsupport.Http;
import dev.tollgate.testsupport.TomcatServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scope and entitlement rules per MCP method and tool, over real HTTP through the filter on
 * embedded Tomcat: the call is read from the {@code Mcp-Method} / {@code Mcp-Name} headers or the
 * body, and the body reaches the servlet intact.
 */
class McpAwareFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI UPGRADE = URI.create("https://billing.example.com/upgrade");
  private static final String READ = "mcp:tools:read";
  private static final String WRITE = "mcp:tools:write";
  private static final String READER = "read-token";
  static final String WRITER = "write-token";
  private static final String ENTERPRISE = "enterprise-token";
  private static final String FREE = "free-token";
  static final String CHARGE =
      "{ \"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\",\n"
          + "  \"params\": {\"name\": \"charge\", \"arguments\": {\"note\": \"caf\u00e9 \u2615\"}} }\n";

  static final String RESPONSE =
      "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";

  private static final List<DecisionEvent> EVENTS = new CopyOnWriteArrayList<>();

  private static TomcatServer server;
  private static BodyEchoServlet echo;
  private static URI base;

  @BeforeAll
  static void start() {
    echo = new BodyEchoServlet();
    server =
        TomcatServer.start(
            (context, url) -> {
              base = url;
              Tollgate mcpGate = gate(url.resolve("/mcp"), true);
              TomcatServer.filter(
                  context,
                  "tollgate",
                  new TollgateFilter(mcpGate),
                  "/mcp",
                  "/stream",
                  "/sse",
                  "/nonblocking");
              TomcatServer.filter(
                  context,
                  "tollgate-small",
                  new TollgateFilter(
                      gate(url.resolve("/small"), true), CorsPolicy.defaults(), 1024),
                  "/small");
              TomcatServer.filter(
                  context,
                  "tollgate-plain",
                  new TollgateFilter(gate(url.resolve("/plain"), false)),
                  "/plain");
              TomcatServer.filter(
                  context,
                  "tollgate-audited",
                  new TollgateFilter(
                      gateBuilder(url.resolve("/audited"), true)
                          .decisionListener(EVENTS::add)
                          .build()),
                  "/audited");
              TomcatServer.servlet(context, "echo", echo, "/mcp", "/small", "/plain", "/audited");
              TomcatServer.servlet(context, "stream", new StreamingBodyServlet(), "/stream");
              TomcatServer.servlet(context, "sse", new SseServlet(), "/sse");
              TomcatServer.servlet(
                  context, "nonblocking", new ReadListenerServlet(), "/nonblocking");
            });
  }

  /** With {@code mcpRules}, tool and method rules apply; without, one fixed scope only. */
  static Tollgate gate(URI resource, boolean mcpRules) {
    return gateBuilder(resource, mcpRules).build();
  }

  private static Tollgate.Builder gateBuilder(URI resource, boolean mcpRules) {
    Tollgate.Builder builder =
        Tollgate.builder()
            .resource(resource)
            .authorizationServer(URI.create("https://auth.example.com"))
            .resolver(resolver());
    if (!mcpRules) {
      return builder.requiredScopes(Set.of(READ));
    }
    AccountDirectory accounts =
        AccountDirectory.inMemory(
            new Account("acct-pro", Plan.PROFESSIONAL, 0, 0),
            new Account("acct-ent", Plan.ENTERPRISE, 0, 0),
            new Account("acct-free", Plan.FREE, 0, 100));
    return builder
        .scopePolicy(
            McpScopePolicy.builder()
                .method("tools/list", READ)
                .method("tools/call", READ)
                .tool("charge", WRITE)
                .build())
        .entitlementPolicy(
            AccountEntitlementPolicy.builder()
                .directory(accounts)
                .upgradeUri(UPGRADE)
                .toolRequiresPlan("audit", Plan.ENTERPRISE)
                .build());
  }

  private static CredentialResolver resolver() {
    Map<String, TollgatePrincipal> principals =
        Map.of(
            READER, principal("acct-pro", READ),
            WRITER, principal("acct-pro", READ, WRITE),
            ENTERPRISE, principal("acct-ent", READ, WRITE),
            FREE, principal("acct-free", READ, WRITE));
    return credential -> {
      TollgatePrincipal principal = principals.get(credential.value());
      return principal != null
          ? Resolution.resolved(principal)
          : Resolution.invalid("The access token is invalid");
    };
  }

  private static TollgatePrincipal principal(String account, String... scopes) {
    return TollgatePrincipal.builder(account).scopes(Set.of(scopes)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    echo.reached.set(0);
    EVENTS.clear();
  }

  /** Headers that allow a harmless call, a body that calls another: one refusal, never an allow. */
  @Test
  void postWhenHeadersAllowButBodyDisagreesThenOneDecisionReportedAndItIsTheRefusal() {
    HttpResponse<byte[]> response =
        postBytes(
            "/audited",
            READER,
            CHARGE.getBytes(StandardCharsets.UTF_8),
            "application/json",
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "lookup"));

    assertEquals(400, response.statusCode());
    assertEquals(1, EVENTS.size(), EVENTS.toString());
    assertEquals(DecisionEvent.Outcome.CHALLENGE, EVENTS.get(0).outcome());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void postWhenBodyIsBatchThenOneDecisionReported() {
    HttpResponse<byte[]> response =
        postBytes(
            "/audited",
            WRITER,
            "[1]".getBytes(StandardCharsets.UTF_8),
            "application/json",
            Map.of());

    assertEquals(400, response.statusCode());
    assertEquals(1, EVENTS.size(), EVENTS.toString());
    assertEquals("invalid_request", EVENTS.get(0).reason());
  }

  @Test
  void toolsCallWhenToolNeedsWriteAndTokenHasOnlyReadThen403ListingScopes() throws Exception {
    HttpResponse<String> response = post("/mcp", READER, CHARGE);

    assertEquals(403, response.statusCode());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
    assertTrue(challenge.contains("scope=\"" + READ + " " + WRITE + "\""), challenge);
    assertEquals("insufficient_scope", JSON.readTree(response.body()).path("error").asText());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void toolsCallWhenTokenHasWriteThen200AndServletReceivesExactBytes() {
    byte[] sent = CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = postBytes("/mcp", WRITER, sent, "application/json", Map.of());

    assertEquals(200, response.statusCode());
    assertArrayEquals(sent, response.body());
    assertEquals(
        Integer.toString(sent.length),
        response.headers().firstValue("X-Content-Length").orElse(""));
    assertEquals("acct-pro", response.headers().firstValue("X-Account").orElse(""));
  }

  @Test
  void toolsCallWhenEnterpriseToolAndProfessionalAccountThen403EntitlementRequired()
      throws Exception {
    HttpResponse<String> response = post("/mcp", WRITER, call("audit"));

    assertEquals(403, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("entitlement_required", body.path("error").asText());
    assertEquals(UPGRADE.toString(), body.path("upgrade_uri").asText());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void toolsCallWhenEnterpriseToolAndEnterpriseAccountThen200() {
    assertEquals(200, post("/mcp", ENTERPRISE, call("audit")).statusCode());
  }

  @Test
  void toolsListWhenFreeAccountWithoutCreditsThen403EntitlementRequiredWithUpgradeUri()
      throws Exception {
    HttpResponse<String> response =
        post("/mcp", FREE, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");

    assertEquals(403, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("entitlement_required", body.path("error").asText());
    assertEquals(UPGRADE.toString(), body.path("upgrade_uri").asText());
  }

  static Stream<Arguments> unreadableMessages() {
    String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    return Stream.of(
        Arguments.of("batch", "[" + CHARGE + "]", "application/json", Map.of()),
        Arguments.of("malformed", "{\"jsonrpc\":\"2.0\",\"method\":", "application/json", Map.of()),
        Arguments.of(
            "duplicate method",
            "{\"method\":\"tools/list\",\"method\":\"tools/call\"}",
            "application/json",
            Map.of()),
        Arguments.of(
            "neither request nor response",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "application/json",
            Map.of()),
        Arguments.of(
            "request and response",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"result\":{}}",
            "application/json",
            Map.of()),
        Arguments.of(
            "result and error",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1}}",
            "application/json",
            Map.of()),
        Arguments.of(
            "response without id",
            "{\"jsonrpc\":\"2.0\",\"result\":{}}",
            "application/json",
            Map.of()),
        Arguments.of(
            "Mcp-Method with a response",
            RESPONSE,
            "application/json",
            Map.of("Mcp-Method", "tools/list")),
        Arguments.of(
            "Mcp-Name with a response", RESPONSE, "application/json", Map.of("Mcp-Name", "charge")),
        Arguments.of(
            "tools/call without name",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}",
            "application/json",
            Map.of()),
        Arguments.of(
            "Mcp-Method disagrees", CHARGE, "application/json", Map.of("Mcp-Method", "tools/list")),
        Arguments.of(
            "Mcp-Name names a harmless tool",
            CHARGE,
            "application/json",
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "lookup")),
        Arguments.of(
            "Mcp-Name alone disagrees", CHARGE, "application/json", Map.of("Mcp-Name", "lookup")),
        Arguments.of(
            "Mcp-Method too long", list, "application/json", Map.of("Mcp-Method", "x".repeat(129))),
        Arguments.of("not JSON", list, "text/plain", Map.of()),
        Arguments.of("unknown charset", list, "application/json; charset=x-no-such", Map.of()));
  }

  /**
   * With a read-only token: headers naming a harmless call must not let the body call {@code
   * charge}.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("unreadableMessages")
  void postWhenMessageCannotBeAttributedThen400InvalidRequest(
      String name, String body, String contentType, Map<String, String> headers) throws Exception {
    HttpResponse<byte[]> response =
        postBytes("/mcp", READER, body.getBytes(StandardCharsets.UTF_8), contentType, headers);

    assertEquals(400, response.statusCode(), name);
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    assertEquals("invalid_request", JSON.readTree(response.body()).path("error").asText());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void postWhenClientResponseToServerRequestThen200WithExactBytes() {
    byte[] sent = RESPONSE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = postBytes("/mcp", READER, sent, "application/json", Map.of());

    assertEquals(200, response.statusCode());
    assertArrayEquals(sent, response.body());
    assertEquals("acct-pro", response.headers().firstValue("X-Account").orElse(""));
  }

  @Test
  void postWhenClientErrorResponseThen200() {
    String error =
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-1,\"message\":\"declined\"}}";

    assertEquals(200, post("/mcp", READER, error).statusCode());
  }

  @Test
  void postWhenClientResponseFromUnentitledAccountThen403EntitlementRequired() throws Exception {
    HttpResponse<String> response = post("/mcp", FREE, RESPONSE);

    assertEquals(403, response.statusCode());
    assertEquals("entitlement_required", JSON.readTree(response.body()).path("error").asText());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void postWhenNotificationRuledByMethodThenRuleApplies() {
    String initialized = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    assertEquals(200, post("/mcp", READER, initialized).statusCode());
  }

  @Test
  void postWhenGarbageBearerAndInvalidBodyThen401WithoutReadingBody() throws Exception {
    HttpResponse<byte[]> response =
        postBytes(
            "/mcp",
            "garbage",
            "{not json at all".getBytes(StandardCharsets.UTF_8),
            "application/json",
            Map.of());

    // A 400 would mean the body was parsed before the credential was refused.
    assertEquals(401, response.statusCode());
    assertEquals("invalid_token", JSON.readTree(response.body()).path("error").asText());
    assertEquals(0, echo.reached.get());
  }

  /**
   * The head promises a body that never comes: a filter that read it would wait for bytes the
   * client never sends, and no answer would arrive before the socket's read timeout.
   */
  @Test
  void postWhenGarbageBearerAndBodyWithheldThen401WithoutWaitingForBody() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", base.getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:"
              + base.getPort()
              + "\r\n"
              + "Authorization: Bearer garbage\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100000\r\n\r\n{\"jsonrpc\":\"2.0\",";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));

      assertEquals("HTTP/1.1 401", in.readLine().substring(0, 12));
    }
    assertEquals(0, echo.reached.get());
  }

  @Test
  void postWhenGarbageBearerAndBodyOverLimitThen401Not413() {
    HttpResponse<byte[]> response =
        postBytes("/small", "garbage", padded(4096), "application/json", Map.of());

    assertEquals(401, response.statusCode());
  }

  @Test
  void postWhenBasicCredentialAndInvalidBodyThen401WithoutReadingBody() {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/mcp"))
            .POST(HttpRequest.BodyPublishers.ofString("[not json"))
            .header("Content-Type", "text/plain")
            .header("Authorization", "Basic dXNlcjpwYXNz")
            .build();

    assertEquals(401, Http.send(request).statusCode());
  }

  @Test
  void postWhenMcpHeadersSayToolNeedingWriteThenRefusedWithoutReadingBody() throws Exception {
    HttpResponse<byte[]> response =
        postBytes(
            "/mcp",
            READER,
            "{not json at all".getBytes(StandardCharsets.UTF_8),
            "application/json",
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "charge"));

    // A 400 would mean the body was parsed; the 403 was decided from the headers alone.
    assertEquals(403, response.statusCode());
    assertEquals("insufficient_scope", JSON.readTree(response.body()).path("error").asText());
  }

  @Test
  void postWhenMcpHeadersMatchBodyThen200WithExactBytes() {
    byte[] sent = CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = postCharge(Map.of());

    assertEquals(200, response.statusCode());
    assertArrayEquals(sent, response.body());
  }

  @Test
  void postWhenApplicationReadsTheReplayedBodyInBulkThenExactBytesLessTheSkippedOne() {
    byte[] sent = CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = postCharge(Map.of("X-Echo", "bulk"));

    assertEquals(200, response.statusCode());
    assertEquals("1", response.headers().firstValue("X-Skipped").orElseThrow());
    byte[] expected = new byte[sent.length - 1];
    System.arraycopy(sent, 0, expected, 0, 3);
    System.arraycopy(sent, 4, expected, 3, sent.length - 4);
    assertArrayEquals(expected, response.body());
  }

  @Test
  void postWhenNoCredentialThen401BeforeBodyIsRead() {
    HttpResponse<byte[]> response =
        postBytes(
            "/mcp",
            null,
            "[not even json".getBytes(StandardCharsets.UTF_8),
            "application/json",
            Map.of());

    assertEquals(401, response.statusCode());
  }

  @Test
  void postWhenNoMcpRulesThenBodyIsNotParsed() {
    byte[] batch = ("[" + CHARGE + "]").getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response =
        postBytes("/plain", READER, batch, "application/json", Map.of());

    assertEquals(200, response.statusCode());
    assertArrayEquals(batch, response.body());
  }

  @Test
  void deleteWhenMcpRulesThenPassesWithoutReadingBody() {
    HttpRequest request =
        Http.request(base.resolve("/mcp"), READER)
            .method("DELETE", HttpRequest.BodyPublishers.ofString("[garbage"))
            .header("Content-Type", "application/json")
            .build();

    HttpResponse<String> response = Http.send(request);

    assertEquals(200, response.statusCode());
    assertEquals("[garbage", response.body());
  }

  @Test
  void putWhenMcpRulesThenBodyCheckedAsForPost() {
    HttpRequest request =
        Http.request(base.resolve("/mcp"), READER)
            .PUT(HttpRequest.BodyPublishers.ofString(CHARGE))
            .header("Content-Type", "application/json")
            .build();

    HttpResponse<String> response = Http.send(request);

    assertEquals(403, response.statusCode());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void getWhenMcpRulesThenSseStreamPasses() {
    HttpResponse<String> response = Http.get(base.resolve("/sse"), READER);

    assertEquals(200, response.statusCode());
    assertTrue(response.body().startsWith("event: message\ndata: hello acct-pro"), response.body());
  }

  @Test
  void postWhenBodyReadThenAsyncServletReadsReplayAndStreamsEvents() {
    byte[] sent = CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response =
        postBytes("/stream", WRITER, sent, "application/json", Map.of());

    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    String expected =
        "event: message\ndata: read "
            + sent.length
            + " bytes as acct-pro\n\n"
            + "event: message\ndata: "
            + CHARGE
            + "\n\n";
    assertEquals(expected, new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void postWhenBodyReadThenReadListenerReceivesExactBytes() {
    byte[] sent = CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response =
        postBytes("/nonblocking", WRITER, sent, "application/json", Map.of());

    assertEquals(200, response.statusCode());
    assertArrayEquals(sent, response.body());
  }

  @Test
  void postWhenDeclaredCharsetIsUtf16ThenReaderReplaysSameText() {
    byte[] sent = CHARGE.getBytes(StandardCharsets.UTF_16);

    HttpResponse<byte[]> response =
        postBytes(
            "/mcp", WRITER, sent, "application/json; charset=UTF-16", Map.of("X-Echo", "reader"));

    assertEquals(200, response.statusCode());
    assertEquals(CHARGE, new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void postWhenDeclaredLengthOverLimitThen413() throws Exception {
    HttpResponse<byte[]> response =
        postBytes("/small", WRITER, padded(2048), "application/json", Map.of());

    assertEquals(413, response.statusCode());
    assertEquals("invalid_request", JSON.readTree(response.body()).path("error").asText());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void postWhenChunkedBodyOverLimitThen413() {
    byte[] body = padded(4096);
    HttpRequest request =
        Http.request(base.resolve("/small"), WRITER)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .header("Content-Type", "application/json")
            .build();

    HttpResponse<String> response = Http.send(request);

    assertEquals(413, response.statusCode());
    assertEquals(0, echo.reached.get());
  }

  @Test
  void postWhenChunkedBodyWithinLimitThen200WithExactBytes() {
    byte[] body = padded(900);
    HttpRequest request =
        Http.request(base.resolve("/small"), WRITER)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .header("Content-Type", "application/json")
            .build();

    HttpResponse<byte[]> response = sendBytes(request);

    assertEquals(200, response.statusCode());
    assertArrayEquals(body, response.body());
  }

  /** A valid tools/list call of exactly {@code size} bytes. */
  private static byte[] padded(int size) {
    String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"pad\":\"";
    String tail = "\"}";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\"}}";
  }

  private static HttpResponse<String> post(String path, String token, String body) {
    return Http.send(
        Http.request(base.resolve(path), token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build());
  }

  /**
   * The writer's {@link #CHARGE} to {@code /mcp}, with Mcp headers matching it and {@code more}.
   */
  private static HttpResponse<byte[]> postCharge(Map<String, String> more) {
    Map<String, String> headers = new HashMap<>(more);
    headers.put("Mcp-Method", "tools/call");
    headers.put("Mcp-Name", "charge");
    return postBytes(
        "/mcp", WRITER, CHARGE.getBytes(StandardCharsets.UTF_8), "application/json", headers);
  }

  private static HttpResponse<byte[]> postBytes(
      String path,
      @Nullable String token,
      byte[] body,
      String contentType,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        Http.request(base.resolve(path), token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", contentType);
    headers.forEach(request::header);
    return sendBytes(request.build());
  }

  private static HttpResponse<byte[]> sendBytes(HttpRequest request) {
    try {
      return Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
