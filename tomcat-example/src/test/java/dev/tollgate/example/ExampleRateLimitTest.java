package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.example.demo.DemoAccounts;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example's request limits: the free plan with purchased credits has a low limit a loop of
 * requests reaches, answered 429 with the RateLimit fields; a professional account is unaffected.
 * Its own server, so the spent bucket cannot disturb other tests.
 */
class ExampleRateLimitTest {
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

  @Test
  void postWhenFreeWithCreditsLoopsThenTooManyRequestsWithRateLimitFieldsAndProUnaffected()
      throws Exception {
    String credits = server.apiKey(DemoAccounts.CREDITS).orElseThrow();
    String pro = server.apiKey(DemoAccounts.PRO).orElseThrow();
    HttpResponse<String> last = null;
    int allowed = 0;
    for (int i = 0; i < 100 && (last == null || last.statusCode() != 429); i++) {
      last = http.post(server.resource(), credits, ExampleHttp.INITIALIZE, null, null);
      if (last.statusCode() == 200) {
        allowed++;
      }
    }

    assertEquals(429, last.statusCode(), last.body());
    assertTrue(allowed >= 20, "the burst of 20 is served first, was " + allowed);
    assertEquals(
        "\"free\";q=60;w=60, \"free-concurrency\";q=4",
        last.headers().firstValue("RateLimit-Policy").orElseThrow());
    assertTrue(last.headers().firstValue("RateLimit").orElseThrow().startsWith("\"free\";r=0;t="));
    assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    assertEquals("too_many_requests", ExampleHttp.JSON.readTree(last.body()).get("error").asText());
    assertEquals(
        200, http.post(server.resource(), pro, ExampleHttp.INITIALIZE, null, null).statusCode());
  }
}
