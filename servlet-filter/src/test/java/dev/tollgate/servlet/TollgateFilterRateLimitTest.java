package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.scope.McpScopePolicy;
import dev.tollgate.testsupport.TomcatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failure rate limiting through the filter: the client's address reaches the gate, and 429 comes
 * out.
 */
class TollgateFilterRateLimitTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final int MAX_FAILURES = 3;

  private static TomcatServer server;
  private static McpServlet mcp;
  private static URI endpoint;
  private static URI ruledEndpoint;

  @BeforeAll
  static void startTomcat() {
    mcp = new McpServlet();
    server =
        TomcatServer.start(
            (context, base) -> {
              endpoint = base.resolve("/mcp");
              Tollgate gate =
                  Tollgate.builder()
                      .resource(endpoint)
                      .resolver(new FixedTokenResolver())
                      .requiredScopes(Set.of("mcp"))
                      .failureRateLimit(MAX_FAILURES, Duration.ofMinutes(10))
                      .build();
              TomcatServer.filter(context, "tollgate", new TollgateFilter(gate), "/mcp");
              TomcatServer.servlet(context, "mcp", mcp, "/mcp", "/ruled");
              ruledEndpoint = base.resolve("/ruled");
              Tollgate ruled =
                  Tollgate.builder()
                      .resource(ruledEndpoint)
                      .resolver(new FixedTokenResolver())
                      .scopePolicy(
                          McpScopePolicy.builder()
                              .always("mcp")
                              .method("tools/list", "mcp")
                              .build())
                      .failureRateLimit(MAX_FAILURES, Duration.ofMinutes(10))
                      .build();
              TomcatServer.filter(context, "tollgate-ruled", new TollgateFilter(ruled), "/ruled");
            });
  }

  @AfterAll
  static void stopTomcat() {
    server.close();
  }

  @Test
  void doFilterWhenOneClientKeepsFailingThenTooManyRequestsWithRetryAfterAndNothingReached()
      throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertEquals(401, send("Bearer " + FixedTokenResolver.EXPIRED).statusCode());
    }

    HttpResponse<String> limited = send("Bearer " + FixedTokenResolver.EXPIRED);
    HttpResponse<String> evenGood = send("Bearer " + FixedTokenResolver.GOOD);

    assertEquals(429, limited.statusCode());
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 600, "Retry-After " + retryAfter);
    assertEquals(
        "application/json",
        limited.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
    assertTrue(new ObjectMapper().readTree(limited.body()).has("error"));
    assertEquals(
        limited.statusCode(),
        evenGood.statusCode(),
        "a blocked address learns nothing from a good guess");
    assertEquals(0, mcp.reached.get());
  }

  /**
   * With method rules, a body that is not JSON-RPC would be a 400 if it were read: the garbage
   * credentials are refused (and counted) first, and the blocked address gets 429, all unread.
   */
  @Test
  void doFilterWhenMethodRulesAndGarbageCredentialsThenCountedAnd429WithoutReadingBody()
      throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertEquals(
          401,
          send(ruledEndpoint, "Bearer " + FixedTokenResolver.EXPIRED, "[not json").statusCode());
    }

    HttpResponse<String> limited =
        send(ruledEndpoint, "Bearer " + FixedTokenResolver.GOOD, "[not json");

    assertEquals(429, limited.statusCode());
    assertEquals(0, mcp.reached.get());
  }

  private static HttpResponse<String> send(String authorization) throws Exception {
    return send(endpoint, authorization, "{}");
  }

  private static HttpResponse<String> send(URI uri, String authorization, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
