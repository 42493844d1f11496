package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Entitlement;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.RawHttp;
import dev.tollgate.testsupport.TomcatServer;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter in front of an MCP-like servlet on embedded Tomcat 11, over real HTTP. */
class TollgateFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final String METADATA_PATH = "/.well-known/oauth-protected-resource/mcp";
  private static final String ROOT_METADATA_PATH = "/.well-known/oauth-protected-resource";
  private static final URI UPGRADE = URI.create("https://billing.example.com/upgrade");
  private static final String APP_ORIGIN = "https://app.example.com";

  private static TomcatServer server;
  private static McpServlet mcp;
  private static NotFoundServlet fallback;
  private static URI resource;

  @BeforeAll
  static void startTomcat() {
    mcp = new McpServlet();
    fallback = new NotFoundServlet();
    server =
        TomcatServer.start(
            (context, base) -> {
              resource = base.resolve("/mcp");
              Tollgate gate = gate(resource);
              Filter committer =
                  (request, response, chain) -> {
                    response.getOutputStream().write("early".getBytes(StandardCharsets.UTF_8));
                    response.flushBuffer();
                    chain.doFilter(request, response);
                  };
              TomcatServer.filter(context, "committer", committer, "/committed/*");
              TomcatServer.filter(
                  context,
                  "tollgate",
                  new TollgateFilter(gate),
                  "/mcp",
                  "/sse",
                  "/committed/*",
                  "/.well-known/oauth-protected-resource/*");
              TomcatServer.filterMapping(context, "tollgate", "FORWARD", "/mcp");
              TomcatServer.filterMapping(context, "tollgate", "ASYNC", "/mcp");
              TomcatServer.filter(
                  context,
                  "tollgate-dispatch",
                  new TollgateFilter(gate),
                  "/async-dispatch",
                  "/async-committed");
              TomcatServer.servlet(context, "open", new DispatchingServlet(false), "/open");
              TomcatServer.servlet(
                  context, "async-dispatch", new DispatchingServlet(true), "/async-dispatch");
              TomcatServer.servlet(
                  context,
                  "async-committed",
                  new DispatchingServlet(true, true),
                  "/async-committed");
              CorsPolicy restricted = CorsPolicy.builder().allowedOrigin(APP_ORIGIN).build();
              TomcatServer.filter(
                  context,
                  "tollgate-restricted",
                  new TollgateFilter(gate, restricted),
                  "/restricted/*");
              TomcatServer.servlet(context, "mcp", mcp, "/mcp", "/restricted/*", "/committed/*");
              TomcatServer.servlet(context, "sse", new SseServlet(), "/sse");
              TomcatServer.servlet(context, "fallback", fallback, "/");
            });
  }

  static Tollgate gate(URI resource) {
    return Tollgate.builder()
        .resource(resource)
        .authorizationServer(URI.create("https://auth.example.com"))
        .resolver(new FixedTokenResolver())
        .requiredScopes(Set.of("mcp"))
        .entitlementPolicy(
            (principal, request) ->
                principal.accountId().equals(FixedTokenResolver.FREE_ACCOUNT)
                    ? Entitlement.refused("A paid plan or purchased credits are needed", UPGRADE)
                    : Entitlement.granted())
        .retryAfter(Duration.ofSeconds(7))
        .build();
  }

  @AfterAll
  static void stopTomcat() {
    server.close();
  }

  @BeforeEach
  void resetCounters() {
    mcp.reached.set(0);
    fallback.reached.set(0);
  }

  /** One row of the design's error table: what is sent, and the refusal expected. */
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("no credential", null, null, 401, null, "missing_credential"),
        Arguments.of(
            "query token only",
            null,
            "access_token=" + FixedTokenResolver.GOOD,
            401,
            null,
            "missing_credential"),
        Arguments.of("another scheme", "Basic dXNlcjpwYXNz", null, 401, null, "missing_credential"),
        Arguments.of(
            "header and query token",
            "Bearer " + FixedTokenResolver.GOOD,
            "access_token=x",
            400,
            "invalid_request",
            "invalid_request"),
        Arguments.of("empty Bearer", "Bearer", null, 400, "invalid_request", "invalid_request"),
        Arguments.of(
            "malformed credential",
            "Bearer not a token",
            null,
            400,
            "invalid_request",
            "invalid_request"),
        Arguments.of(
            "invalid token",
            "Bearer " + FixedTokenResolver.EXPIRED,
            null,
            401,
            "invalid_token",
            "invalid_token"),
        Arguments.of(
            "unknown token",
            "Bearer someone-elses-token",
            null,
            401,
            "invalid_token",
            "invalid_token"),
        Arguments.of(
            "insufficient scope",
            "Bearer " + FixedTokenResolver.NO_SCOPE,
            null,
            403,
            "insufficient_scope",
            "insufficient_scope"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void doFilterWhenRefusedThenChallengeAndServletNotReached(
      String situation,
      @Nullable String authorization,
      @Nullable String query,
      int status,
      @Nullable String error,
      String bodyError)
      throws Exception {
    HttpResponse<String> response =
        get("/mcp" + (query == null ? "" : "?" + query), authorization, null);

    assertEquals(status, response.statusCode());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.startsWith("Bearer "), challenge);
    assertTrue(
        challenge.contains("resource_metadata=\"" + server.base() + METADATA_PATH + "\""),
        challenge);
    assertTrue(challenge.contains("scope=\"mcp\""), challenge);
    if (error == null) {
      assertFalse(challenge.contains("error="), challenge);
    } else {
      assertTrue(challenge.contains("error=\"" + error + "\""), challenge);
    }
    assertRefusalBasics(response, bodyError);
  }

  @Test
  void doFilterWhenTwoAuthorizationLinesThenInvalidRequest() throws Exception {
    RawHttp.Response response =
        RawHttp.send(
            server.port(),
            "GET /mcp HTTP/1.1",
            "Host: 127.0.0.1:" + server.port(),
            "Authorization: Bearer " + FixedTokenResolver.GOOD,
            "Authorization: Bearer " + FixedTokenResolver.GOOD);

    assertEquals(400, response.status());
    assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_request\""));
    assertEquals("invalid_request", JSON.readTree(response.body()).get("error").asText());
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenNotEntitledThenForbiddenWithoutChallenge() throws Exception {
    HttpResponse<String> response = get("/mcp", "Bearer " + FixedTokenResolver.FREE, null);

    assertEquals(403, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    JsonNode body = assertRefusalBasics(response, "entitlement_required");
    assertEquals(UPGRADE.toString(), body.get("upgrade_uri").asText());
    assertEquals(
        "A paid plan or purchased credits are needed", body.get("error_description").asText());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {FixedTokenResolver.DOWN + "=7", FixedTokenResolver.DOWN_WITH_HINT + "=42"})
  void doFilterWhenResolverUnavailableThen503WithRetryAfter(String row) throws Exception {
    String[] tokenAndRetry = row.split("=");
    HttpResponse<String> response = get("/mcp", "Bearer " + tokenAndRetry[0], null);

    assertEquals(503, response.statusCode());
    assertEquals(tokenAndRetry[1], response.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    assertRefusalBasics(response, "temporarily_unavailable");
  }

  @Test
  void doFilterWhenAllowedThenServletSeesPrincipal() throws Exception {
    HttpResponse<String> response = get("/mcp", "Bearer " + FixedTokenResolver.GOOD, null);

    assertEquals(200, response.statusCode());
    assertEquals(1, mcp.reached.get());
    String body = response.body();
    assertTrue(body.contains("principalClass=TollgatePrincipal\n"), body);
    assertTrue(body.contains("principalName=user-1\n"), body);
    assertTrue(body.contains("remoteUser=user-1\n"), body);
    assertTrue(body.contains("authType=Bearer\n"), body);
    assertTrue(body.contains("inRole.mcp=true\n"), body);
    assertTrue(body.contains("inRole.admin=false\n"), body);
    assertTrue(body.contains("accessor.account=acct-1\n"), body);
    assertTrue(body.contains("accessor.samePrincipal=true\n"), body);
  }

  @Test
  void doFilterWhenAllowedPostThenBodyLeftForServlet() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.base().resolve("/mcp"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + FixedTokenResolver.GOOD)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("a=from-body"))
            .build();

    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("param.a=from-body\n"), response.body());
  }

  @Test
  void doFilterWhenAllowedWithoutOriginThenNoCorsHeaders() throws Exception {
    HttpResponse<String> response = get("/mcp", "Bearer " + FixedTokenResolver.GOOD, null);

    assertEquals(200, response.statusCode());
    assertEquals(1, mcp.reached.get());
    assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertTrue(response.headers().firstValue("Access-Control-Expose-Headers").isEmpty());
  }

  @Test
  void doFilterWhenAllowedFromBrowserThenCorsHeadersOnAppResponse() throws Exception {
    HttpResponse<String> response = get("/mcp", "Bearer " + FixedTokenResolver.GOOD, APP_ORIGIN);

    assertEquals(200, response.statusCode());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(
        response
            .headers()
            .firstValue("Access-Control-Expose-Headers")
            .orElseThrow()
            .contains("Mcp-Session-Id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {METADATA_PATH, ROOT_METADATA_PATH})
  void doFilterWhenMetadataPathThenDocumentWithCorsAndCaching(String path) throws Exception {
    HttpResponse<String> response = get(path, null, null);

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(
        "public, max-age=3600", response.headers().firstValue("Cache-Control").orElseThrow());
    JsonNode metadata = JSON.readTree(response.body());
    assertEquals(resource.toString(), metadata.get("resource").asText());
    assertEquals("https://auth.example.com", metadata.get("authorization_servers").get(0).asText());
    assertEquals("mcp", metadata.get("scopes_supported").get(0).asText());
    assertEquals("header", metadata.get("bearer_methods_supported").get(0).asText());
    assertEquals(0, fallback.reached.get());
  }

  @Test
  void doFilterWhenMetadataRequestedWithBadCredentialThenStillServed() throws Exception {
    HttpResponse<String> response = get(METADATA_PATH, "Bearer not a token", null);

    assertEquals(200, response.statusCode());
    assertEquals(resource.toString(), JSON.readTree(response.body()).get("resource").asText());
  }

  @Test
  void doFilterWhenMetadataHeadThenHeadersWithoutBody() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.base().resolve(METADATA_PATH))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("", response.body());
  }

  @Test
  void doFilterWhenMetadataPreflightThen204WithCors() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.base().resolve(METADATA_PATH))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP_ORIGIN)
                .header("Access-Control-Request-Method", "GET"));

    assertEquals(204, response.statusCode());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(
        response
            .headers()
            .firstValue("Access-Control-Allow-Methods")
            .orElseThrow()
            .contains("GET"));
  }

  @Test
  void doFilterWhenMetadataPostedThen405WithAllow() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.base().resolve(METADATA_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertEquals(405, response.statusCode());
    assertEquals("GET, HEAD, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
    assertEquals(0, fallback.reached.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {METADATA_PATH, "/mcp"})
  void doFilterWhenHostAndForwardedHeadersSpoofedThenUrlsFromConfiguration(String path)
      throws Exception {
    HttpResponse<String> honest = get(path, null, null);
    RawHttp.Response spoofed =
        RawHttp.send(
            server.port(),
            "GET " + path + " HTTP/1.1",
            "Host: evil.example.net",
            "X-Forwarded-Host: evil.example.net",
            "X-Forwarded-Proto: https",
            "X-Forwarded-Port: 443",
            "Forwarded: host=evil.example.net;proto=https");

    assertEquals(honest.statusCode(), spoofed.status());
    assertEquals(honest.body(), spoofed.body());
    assertEquals(
        honest.headers().firstValue("WWW-Authenticate").orElse(null),
        spoofed.header("WWW-Authenticate"));
    assertFalse(spoofed.body().contains("evil"), spoofed.body());
  }

  @Test
  void doFilterWhenChallengedThenResourceMetadataUrlServesTheDocument() throws Exception {
    String challenge =
        get("/mcp", null, null).headers().firstValue("WWW-Authenticate").orElseThrow();
    Matcher url = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
    assertTrue(url.find(), challenge);

    HttpResponse<String> metadata = send(HttpRequest.newBuilder(URI.create(url.group(1))));

    assertEquals(200, metadata.statusCode());
    assertEquals(resource.toString(), JSON.readTree(metadata.body()).get("resource").asText());
  }

  @Test
  void doFilterWhenPreflightOnProtectedPathThen204WithoutChallenge() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.base().resolve("/mcp"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization, content-type, mcp-session-id"));

    assertEquals(204, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(
        "GET, POST, DELETE, OPTIONS",
        response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
    assertEquals(
        "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
        response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
    assertEquals("600", response.headers().firstValue("Access-Control-Max-Age").orElseThrow());
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenPlainOptionsThenChallengedLikeAnyRequest() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.base().resolve("/mcp"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    assertEquals(401, response.statusCode());
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenChallengedFromBrowserThenChallengeReadable() throws Exception {
    HttpResponse<String> response = get("/mcp", null, APP_ORIGIN);

    assertEquals(401, response.statusCode());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(
        "WWW-Authenticate",
        response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow());
  }

  @Test
  void doFilterWhenOriginAllowedByRestrictedPolicyThenOriginEchoed() throws Exception {
    HttpResponse<String> preflight =
        send(
            HttpRequest.newBuilder(server.base().resolve("/restricted/x"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP_ORIGIN)
                .header("Access-Control-Request-Method", "POST"));
    HttpResponse<String> challenge = get("/restricted/x", null, APP_ORIGIN);

    assertEquals(204, preflight.statusCode());
    assertEquals(
        APP_ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals("Origin", preflight.headers().firstValue("Vary").orElseThrow());
    assertEquals(
        APP_ORIGIN, challenge.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void doFilterWhenOriginNotAllowedThenPreflightAndRequestBothRefusedWithJsonReason()
      throws Exception {
    HttpResponse<String> preflight =
        send(
            HttpRequest.newBuilder(server.base().resolve("/restricted/x"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "POST"));
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(server.base().resolve("/restricted/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Origin", "https://evil.example.net")
                .header("Authorization", "Bearer " + FixedTokenResolver.GOOD)
                .header("Content-Type", "application/json"));

    for (HttpResponse<String> refused : List.of(preflight, post)) {
      assertEquals(403, refused.statusCode());
      assertEquals("application/json", refused.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("origin_not_allowed", JSON.readTree(refused.body()).get("error").asText());
      assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
      assertTrue(refused.headers().firstValue("WWW-Authenticate").isEmpty());
      assertFalse(refused.body().contains("evil"), "the origin is not echoed");
    }
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenOriginAllowedThenPreflightGrantsAndRequestPasses() throws Exception {
    HttpResponse<String> preflight =
        send(
            HttpRequest.newBuilder(server.base().resolve("/restricted/x"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP_ORIGIN)
                .header("Access-Control-Request-Method", "POST"));
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(server.base().resolve("/restricted/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Origin", APP_ORIGIN)
                .header("Authorization", "Bearer " + FixedTokenResolver.GOOD)
                .header("Content-Type", "application/json"));

    assertEquals(204, preflight.statusCode());
    assertEquals(
        APP_ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(200, post.statusCode());
    assertEquals(
        APP_ORIGIN, post.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void doFilterWhenOriginIsTheResourcesOwnThenAllowedThoughNotListed() throws Exception {
    String own = server.base().toString();

    HttpResponse<String> response = get("/restricted/x", null, own);

    assertEquals(401, response.statusCode());
    assertEquals(own, response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void doFilterWhenAsyncSseServletThenEventWrittenFromOtherThread() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.base().resolve("/sse"))
                .header("Authorization", "Bearer " + FixedTokenResolver.GOOD)
                .header("Accept", "text/event-stream"));

    assertEquals(200, response.statusCode());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .startsWith("text/event-stream"));
    assertEquals("event: message\ndata: hello user-1 otherThread=true\n\n", response.body());
  }

  @Test
  void doFilterWhenAsyncSseServletWithoutCredentialThenChallenged() throws Exception {
    HttpResponse<String> response = get("/sse", null, null);

    assertEquals(401, response.statusCode());
  }

  @Test
  void doFilterWhenUnprotectedServletForwardsToProtectedPathThenChallenged() throws Exception {
    HttpResponse<String> response = get("/open", null, null);

    assertEquals(401, response.statusCode());
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenAllowedRequestDispatchedAsyncThenPrincipalKept() throws Exception {
    HttpResponse<String> response =
        get("/async-dispatch", "Bearer " + FixedTokenResolver.GOOD, null);

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("principalName=user-1\n"), response.body());
    assertTrue(response.body().contains("accessor.samePrincipal=true\n"), response.body());
    assertEquals(1, mcp.reached.get());
  }

  @Test
  void doFilterWhenAllowedStreamingResponseDispatchedAsyncAfterCommitThenPassedOn()
      throws Exception {
    HttpResponse<String> response =
        get("/async-committed", "Bearer " + FixedTokenResolver.GOOD, null);

    assertEquals(200, response.statusCode());
    assertTrue(response.body().startsWith("started\n"), response.body());
    assertTrue(response.body().contains("principalName=user-1\n"), response.body());
    assertEquals(1, mcp.reached.get());
  }

  @Test
  void doFilterWhenRefusedRequestCommittedThenAsyncDispatchNotPassedOn() throws Exception {
    HttpResponse<String> response = get("/async-committed", null, null);

    assertEquals(401, response.statusCode());
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenResponseAlreadyCommittedThenNotWrittenAndNotPassedOn() throws Exception {
    HttpResponse<String> response = get("/committed/x", null, null);

    assertEquals(200, response.statusCode());
    assertEquals("early", response.body());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    assertEquals(0, mcp.reached.get());
  }

  private static JsonNode assertRefusalBasics(HttpResponse<String> response, String bodyError)
      throws IOException {
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    // Sent without Origin: no CORS headers, which only a browser's cross-origin request needs.
    assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertTrue(response.headers().firstValue("Access-Control-Expose-Headers").isEmpty());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(bodyError, body.get("error").asText());
    assertNotNull(body.get("error_description"));
    assertFalse(
        response.body().contains(FixedTokenResolver.GOOD), "a credential must never be echoed");
    assertEquals(0, mcp.reached.get(), "the servlet must not be reached");
    return body;
  }

  static HttpResponse<String> get(
      String path, @Nullable String authorization, @Nullable String origin)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.base().resolve(path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return send(request);
  }

  static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
