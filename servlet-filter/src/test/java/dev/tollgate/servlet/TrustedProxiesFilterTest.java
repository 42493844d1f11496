package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.config.CorsPolicy;
import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.ratelimit.TrustedProxies;
import dev.tollgate.testsupport.TomcatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer: with the balancer (here 127.0.0.1) trusted, the failure rate limit keys
 * on the client address it reports, so one guessing client is blocked without locking out the
 * others; without it, every client shares the balancer's address.
 */
class TrustedProxiesFilterTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final int MAX_FAILURES = 3;

  private static TomcatServer server;
  private static URI trusting;
  private static URI untrusting;

  @BeforeAll
  static void startTomcat() {
    server =
        TomcatServer.start(
            (context, base) -> {
              trusting = base.resolve("/trusting");
              untrusting = base.resolve("/untrusting");
              TomcatServer.servlet(context, "mcp", new McpServlet(), "/trusting", "/untrusting");
              TomcatServer.filter(
                  context,
                  "trusting",
                  new TollgateFilter(
                      gate(trusting),
                      CorsPolicy.defaults(),
                      TollgateSettings.DEFAULT_MCP_BODY_LIMIT,
                      TrustedProxies.of("X-Forwarded-For", List.of("127.0.0.1"))),
                  "/trusting");
              TomcatServer.filter(
                  context, "untrusting", new TollgateFilter(gate(untrusting)), "/untrusting");
            });
  }

  private static Tollgate gate(URI resource) {
    return Tollgate.builder()
        .resource(resource)
        .resolver(new FixedTokenResolver())
        .requiredScopes(Set.of("mcp"))
        .failureRateLimit(MAX_FAILURES, Duration.ofMinutes(10))
        .build();
  }

  @AfterAll
  static void stopTomcat() {
    server.close();
  }

  @Test
  void doFilterWhenBalancerTrustedThenOnlyTheGuessingClientIsBlocked() throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) {
      assertEquals(401, send(trusting, "198.51.100.1").statusCode());
    }

    assertEquals(429, send(trusting, "198.51.100.1").statusCode());
    assertEquals(
        429,
        send(trusting, "203.0.113.5, 198.51.100.1").statusCode(),
        "a forged left entry changes nothing");
    assertEquals(
        401, send(trusting, "198.51.100.2").statusCode(), "another client is not locked out");
  }

  @Test
  void doFilterWhenBalancerNotTrustedThenHeaderIgnoredAndEveryoneSharesItsAddress()
      throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) {
      send(untrusting, "198.51.100." + (10 + i));
    }

    assertEquals(429, send(untrusting, "198.51.100.99").statusCode());
  }

  @Test
  void loadWhenTrustedProxiesMalformedThenFailureNamesTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TollgateSettings.load(
                    SettingSource.of(
                        Map.of(
                            "resource",
                            "https://mcp.example.com/mcp",
                            "trusted-proxies",
                            "lb.internal"))));
    assertTrue(
        e.getMessage().startsWith("TOLLGATE_TRUSTED_PROXIES (trusted-proxies):"), e.getMessage());

    TollgateSettings settings =
        TollgateSettings.load(
            SettingSource.of(
                Map.of(
                    "resource",
                    "https://mcp.example.com/mcp",
                    "trusted-proxies",
                    "10.0.0.0/8 192.0.2.7",
                    "client-address-header",
                    "Forwarded")));
    assertEquals("Forwarded", settings.trustedProxies().header());
  }

  private static HttpResponse<String> send(URI uri, String forwardedFor) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + FixedTokenResolver.EXPIRED)
            .header("X-Forwarded-For", forwardedFor)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
