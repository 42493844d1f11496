package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.Credential;
import dev.tollgate.Resolution;
import dev.tollgate.testsupport.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The remote JWK set through the resolver, against a real loopback JWKS endpoint: outages, cached
 * keys, unknown-kid floods and key rotation. Time moves on a test clock, never by sleeping.
 */
class RemoteJwkSourceTest {
  private static final Duration TIMEOUT = Duration.ofMillis(1_000);
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final JwksServer server = JwksServer.start(TestTokens.publicKeys(RSA));

  @AfterEach
  void stopServer() {
    server.close();
  }

  private JwtAccessTokenResolver resolver(URI jwksUri) {
    return JwtAccessTokenResolver.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .jwksUri(jwksUri)
        .jwksTimeout(TIMEOUT)
        .jwksCacheTtl(TTL)
        .jwksRefetchInterval(REFETCH_INTERVAL)
        .clock(clock)
        .build();
  }

  private String token(RSAKey key) {
    return TestTokens.sign(
        TestTokens.header(JWSAlgorithm.RS256, key.getKeyID()).build(),
        TestTokens.claims(clock.instant()).build(),
        key);
  }

  private static Resolution resolve(JwtAccessTokenResolver resolver, String token) {
    return resolver.resolve(Credential.of(token));
  }

  @Test
  void resolveWhenEndpointUpThenFetchesOnceAndCaches() {
    JwtAccessTokenResolver resolver = resolver(server.uri());

    for (int i = 0; i < 5; i++) {
      assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    }

    assertEquals(1, server.hits());
  }

  @ParameterizedTest
  @EnumSource(
      value = JwksServer.Mode.class,
      names = {"DOWN", "ERROR_500", "GARBAGE", "HUGE", "SLOW"})
  void resolveWhenEndpointFailsOnFirstRequestThenUnavailable(JwksServer.Mode mode) {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    server.mode(mode);

    assertEquals(Resolution.unavailable("jwks"), resolve(resolver, token(RSA)));
  }

  @Test
  void resolveWhenNothingListensOnJwksPortThenUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JwtAccessTokenResolver resolver = resolver(URI.create("http://127.0.0.1:" + port + "/jwks"));

    assertEquals(Resolution.unavailable("jwks"), resolve(resolver, token(RSA)));
  }

  @Test
  void
      resolveWhenNoKeysEverFetchedAndEndpointRecoversThenServedWithinRetryIntervalNotRefetchInterval() {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    server.mode(JwksServer.Mode.ERROR_500);
    // Requests during the outage use up the fetch attempts the limiter admits in one window.
    assertEquals(Resolution.unavailable("jwks"), resolve(resolver, token(RSA)));
    clock.advance(Duration.ofMillis(500));
    assertEquals(Resolution.unavailable("jwks"), resolve(resolver, token(RSA)));
    clock.advance(Duration.ofMillis(500));
    assertEquals(Resolution.unavailable("jwks"), resolve(resolver, token(RSA)));
    server.mode(JwksServer.Mode.UP);

    clock.advance(RemoteJwkSource.FETCH_RETRY_INTERVAL);

    assertTrue(RemoteJwkSource.FETCH_RETRY_INTERVAL.compareTo(REFETCH_INTERVAL) < 0);
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
  }

  @Test
  void resolveWhenEndpointFailedThenRecoversAfterRefetchInterval() {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    server.mode(JwksServer.Mode.ERROR_500);
    assertEquals(Resolution.unavailable("jwks"), resolve(resolver, token(RSA)));

    server.mode(JwksServer.Mode.UP);
    clock.advance(REFETCH_INTERVAL);

    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
  }

  @ParameterizedTest
  @EnumSource(
      value = JwksServer.Mode.class,
      names = {"DOWN", "ERROR_500", "GARBAGE", "HUGE", "SLOW"})
  void resolveWhenKeysCachedAndEndpointFailsPastTtlThenCachedKeysKeepWorking(JwksServer.Mode mode) {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    int hitsWhileUp = server.hits();
    server.mode(mode);

    clock.advance(TTL.plusSeconds(1));
    Resolution afterTtl = resolve(resolver, token(RSA));

    assertInstanceOf(Resolution.Resolved.class, afterTtl);
    if (mode != JwksServer.Mode.DOWN) {
      assertEquals(hitsWhileUp + 1, server.hits(), "the expired cache was refetched, and failed");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = JwksServer.Mode.class,
      names = {"ERROR_500", "GARBAGE", "HUGE"})
  void resolveWhenOutageOutlastsTtlAndToleranceThenEveryRequestUnavailableUntilFetchSucceeds(
      JwksServer.Mode mode) {
    Duration tolerance = Duration.ofMinutes(10);
    JwtAccessTokenResolver resolver =
        JwtAccessTokenResolver.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .jwksUri(server.uri())
            .jwksTimeout(TIMEOUT)
            .jwksCacheTtl(TTL)
            .jwksRefetchInterval(REFETCH_INTERVAL)
            .jwksOutageTolerance(tolerance)
            .clock(clock)
            .build();
    Instant lastRealFetch = clock.instant();
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    server.mode(mode);
    Instant limit = lastRealFetch.plus(TTL).plus(tolerance);

    // Requests all through the outage: cached keys keep working until TTL + tolerance after the
    // last fetch that reached the endpoint, however often stale keys were handed back meanwhile.
    while (clock.instant().plusSeconds(20).isBefore(limit)) {
      clock.advance(Duration.ofSeconds(20));
      assertInstanceOf(
          Resolution.Resolved.class, resolve(resolver, token(RSA)), "at " + clock.instant());
    }
    clock.advance(Duration.between(clock.instant(), limit));

    // From then on, every request is refused as unavailable: none alternates back to accepted.
    for (int i = 0; i < 60; i++) {
      assertEquals(
          Resolution.unavailable("jwks"), resolve(resolver, token(RSA)), "at " + clock.instant());
      clock.advance(Duration.ofMillis(i % 2 == 0 ? 100 : 2_100));
    }

    server.mode(JwksServer.Mode.UP);
    clock.advance(RemoteJwkSource.FETCH_RETRY_INTERVAL);
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
  }

  @Test
  void resolveWhenUnknownKidFloodThenAtMostOneRefetchPerInterval() {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    assertEquals(1, server.hits());
    RSAKey stranger = TestTokens.OTHER_RSA;

    for (int i = 0; i < 50; i++) {
      RSAKey randomKid = new RSAKey.Builder(stranger).keyID(UUID.randomUUID().toString()).build();
      assertEquals(
          Resolution.invalid(RejectReason.UNKNOWN_KEY.phrase()),
          resolve(resolver, token(randomKid)));
    }

    assertEquals(2, server.hits(), "one initial fetch and a single refetch for the whole flood");
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));

    clock.advance(REFETCH_INTERVAL);
    RSAKey another = new RSAKey.Builder(stranger).keyID(UUID.randomUUID().toString()).build();
    resolve(resolver, token(another));
    resolve(resolver, token(another));
    assertEquals(3, server.hits(), "the next interval allows one more refetch");
  }

  @Test
  void resolveWhenKeyRotatedThenNewKidPickedUpAfterRefetchInterval() {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    // An unknown kid spends this interval's refetch.
    RSAKey unknown = new RSAKey.Builder(TestTokens.OTHER_RSA).keyID("unknown").build();
    resolve(resolver, token(unknown));
    RSAKey rotated = TestTokens.rsa("rsa-2");
    server.publish(TestTokens.publicKeys(RSA, rotated));

    assertEquals(
        Resolution.invalid(RejectReason.UNKNOWN_KEY.phrase()), resolve(resolver, token(rotated)));
    clock.advance(REFETCH_INTERVAL);

    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(rotated)));
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    assertEquals(3, server.hits());
  }

  @Test
  void resolveWhenKeyRemovedFromSetThenRefusedAfterTtl() {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    RSAKey replacement = TestTokens.rsa("rsa-3");
    server.publish(TestTokens.publicKeys(replacement));

    clock.advance(TTL.plusSeconds(1));

    assertEquals(
        Resolution.invalid(RejectReason.UNKNOWN_KEY.phrase()), resolve(resolver, token(RSA)));
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(replacement)));
  }

  @Test
  void resolveWhenFirstTokenHasUnknownKidThenSingleFetch() {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    RSAKey unknown = new RSAKey.Builder(TestTokens.OTHER_RSA).keyID("unknown").build();

    assertEquals(
        Resolution.invalid(RejectReason.UNKNOWN_KEY.phrase()), resolve(resolver, token(unknown)));
    assertEquals(1, server.hits(), "the set just fetched is not fetched again");
  }

  @Test
  void resolveWhenConcurrentUnknownKidFloodThenSingleRefetch() throws Exception {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(token(new RSAKey.Builder(TestTokens.OTHER_RSA).keyID("kid-" + i).build()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Resolution>> results = new ArrayList<>();
      for (String token : tokens) {
        results.add(pool.submit(() -> resolve(resolver, token)));
      }
      for (Future<Resolution> result : results) {
        assertEquals(
            Resolution.invalid(RejectReason.UNKNOWN_KEY.phrase()),
            result.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(2, server.hits());
  }

  @Test
  void resolveWhenCacheNearExpiryThenRefreshedAheadInBackground() throws InterruptedException {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));
    RSAKey rotated = TestTokens.rsa("rsa-4");
    server.publish(TestTokens.publicKeys(RSA, rotated));

    clock.advance(TTL.minusSeconds(10));
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(RSA)));

    // The refresh runs on a background thread; wait for it, bounded.
    for (int i = 0; i < 100 && server.hits() < 2; i++) {
      Thread.sleep(20);
    }
    assertEquals(2, server.hits());
    assertInstanceOf(Resolution.Resolved.class, resolve(resolver, token(rotated)));
    assertEquals(2, server.hits(), "the new key came from the refreshed cache, not a refetch");
  }
}
