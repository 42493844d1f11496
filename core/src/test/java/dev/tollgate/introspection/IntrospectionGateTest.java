package dev.tollgate.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialRouter;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.StubHttpServer;
import dev.tollgate.testsupport.StubHttpServer.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Introspection behind the cache and the gate: one call per token, outages as 503. */
class IntrospectionGateTest {
  static final String RESOURCE = TokenIntrospectionResolverTest.RESOURCE;
  static final String TOKEN = "fresh-opaque-token-1";

  private final IntrospectionStub stub = new IntrospectionStub();
  private StubHttpServer server;
  private CachingCredentialResolver cache;

  @BeforeEach
  void start() {
    server = stub.start();
    long exp = System.currentTimeMillis() / 1000 + 3600;
    stub.responses.put(
        TOKEN,
        "{\"active\":true,\"sub\":\"user-1\",\"scope\":\"mcp\",\"exp\":"
            + exp
            + ",\"aud\":\""
            + RESOURCE
            + "\"}");
    cache =
        CachingCredentialResolver.of(
            TokenIntrospectionResolver.builder()
                .endpoint(server.uri("/introspect"))
                .clientCredentials(IntrospectionStub.CLIENT_ID, IntrospectionStub.CLIENT_SECRET)
                .audience(RESOURCE)
                // Generous: the stub answers quickly, but a busy build machine can stall.
                .requestTimeout(Duration.ofSeconds(15))
                .connectTimeout(Duration.ofSeconds(15))
                .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void resolveWhenThousandConcurrentFirstRequestsThenExactlyOneIntrospection() throws Exception {
    server.delay(Duration.ofMillis(200)); // keeps the first call in flight while the rest arrive
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Resolution>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 1000; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return cache.resolve(Credential.of(TOKEN));
                }));
      }
      go.countDown();
      for (Future<Resolution> result : results) {
        Resolution resolution = result.get(60, TimeUnit.SECONDS);
        assertEquals(
            "user-1",
            assertInstanceOf(Resolution.Resolved.class, resolution).principal().accountId());
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    // The contract is one introspection call; Caffeine's hit and miss counters are not part of it
    // (under load a racing lookup may legitimately count a second miss that shares the first call).
    assertEquals(1, server.requestCount());
  }

  @Test
  void decideWhenIntrospectionDownThen503AndGoodTokenWorksRightAfterRecovery() {
    Tollgate gate =
        Tollgate.builder()
            .resource(URI.create(RESOURCE))
            .authorizationServer(URI.create("https://auth.example.com"))
            .resolver(CredentialRouter.builder().opaque(cache).build())
            .requiredScopes(Set.of("mcp"))
            .retryAfter(Duration.ofSeconds(4))
            .build();
    RequestView request =
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + TOKEN)), null);

    server.mode(Mode.STATUS_500);
    for (int i = 0; i < 3; i++) {
      Decision.Unavailable unavailable =
          assertInstanceOf(Decision.Unavailable.class, gate.decide(request));
      assertEquals(4, unavailable.retryAfterSeconds());
      assertEquals("introspection", unavailable.dependency());
    }
    assertEquals(3, server.requestCount());

    server.mode(Mode.REFUSED);
    assertInstanceOf(Decision.Unavailable.class, gate.decide(request));

    server.mode(Mode.UP);
    Decision.Allow allow = assertInstanceOf(Decision.Allow.class, gate.decide(request));
    assertEquals("user-1", allow.principal().accountId());
    assertEquals(4, server.requestCount());

    assertInstanceOf(Decision.Allow.class, gate.decide(request));
    assertEquals(4, server.requestCount());
  }

  @Test
  void decideWhenTokenInactiveThen401InvalidToken() {
    Tollgate gate =
        Tollgate.builder()
            .resource(URI.create(RESOURCE))
            .resolver(CredentialRouter.builder().opaque(cache).build())
            .build();
    RequestView request =
        RequestView.of(
            "POST", "/mcp", Map.of("Authorization", List.of("Bearer revoked-token")), null);

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, gate.decide(request));

    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
    assertTrue(
        challenge.wwwAuthenticate().contains("The access token is not active"),
        challenge.wwwAuthenticate());
  }
}
