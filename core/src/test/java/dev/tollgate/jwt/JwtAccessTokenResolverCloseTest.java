package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.Credential;
import dev.tollgate.CredentialRouter;
import dev.tollgate.Resolution;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the resolver, or the gate built with it, stops the JWK sources' refresh threads it
 * started, and leaves alone the sources it was given. Against a real loopback JWKS endpoint; the
 * refresh thread is started by moving the test clock into the refresh-ahead window.
 */
class JwtAccessTokenResolverCloseTest {
  private static final Duration TTL = Duration.ofMinutes(5);

  /** Generous: the thread ends as soon as its executor is shut down, unless the machine is busy. */
  private static final long JOIN_MILLIS = 30_000;

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
        .jwksCacheTtl(TTL)
        .clock(clock)
        .build();
  }

  private String token() {
    return TestTokens.sign(
        TestTokens.header(JWSAlgorithm.RS256, RSA.getKeyID()).build(),
        TestTokens.claims(clock.instant()).build(),
        RSA);
  }

  private static Set<Thread> refreshThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(RemoteJwkSource.REFRESH_THREAD) && thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }

  /**
   * Starts the refresh thread of {@code resolver}'s JWK source (a request in the refresh-ahead
   * window) and returns it, once the refresh it ran has reached the endpoint.
   */
  private Set<Thread> startRefreshThread(JwtAccessTokenResolver resolver)
      throws InterruptedException {
    Set<Thread> before = refreshThreads();
    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token())));
    clock.advance(TTL.minusSeconds(10));
    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token())));
    for (int i = 0; i < 1_500 && server.hits() < 2; i++) {
      Thread.sleep(20);
    }
    assertEquals(2, server.hits(), "the refresh ahead of expiry ran in the background");
    Set<Thread> started = refreshThreads();
    started.removeAll(before);
    assertFalse(started.isEmpty(), "a refresh thread was started");
    return started;
  }

  private static void assertEnded(Set<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join(JOIN_MILLIS);
      assertFalse(thread.isAlive(), thread.getName() + " still running after close");
    }
  }

  @Test
  void closeWhenRefreshThreadStartedThenThreadEnds() throws InterruptedException {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    Set<Thread> started = startRefreshThread(resolver);

    resolver.close();

    assertEnded(started);
  }

  @Test
  void closeWhenGateBuiltWithCachedRoutedResolverThenRefreshThreadEnds()
      throws InterruptedException {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    CachingCredentialResolver cache = CachingCredentialResolver.of(resolver);
    Tollgate gate =
        Tollgate.builder()
            .resource(URI.create(AUDIENCE))
            .resolver(CredentialRouter.builder().jwt(cache).opaque(cache).build())
            .build();
    Set<Thread> started = startRefreshThread(resolver);

    gate.close();

    assertEnded(started);
  }

  @Test
  void closeWhenCalledTwiceThenQuiet() throws InterruptedException {
    JwtAccessTokenResolver resolver = resolver(server.uri());
    Set<Thread> started = startRefreshThread(resolver);

    resolver.close();
    resolver.close();

    assertEnded(started);
  }

  /** A key source the application owns. */
  private static final class OwnedElsewhere implements JWKSource<SecurityContext>, AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
      return selector.select(TestTokens.publicKeys(RSA));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void closeWhenJwkSourceGivenThenSourceLeftOpenAndStillUsable() {
    OwnedElsewhere given = new OwnedElsewhere();
    OwnedElsewhere perIssuer = new OwnedElsewhere();
    JwtAccessTokenResolver shared =
        JwtAccessTokenResolver.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .jwkSource(given)
            .clock(clock)
            .build();
    JwtAccessTokenResolver own =
        JwtAccessTokenResolver.builder()
            .issuer(ISSUER, perIssuer)
            .audience(AUDIENCE)
            .clock(clock)
            .build();

    shared.close();
    own.close();

    assertFalse(given.closed.get());
    assertFalse(perIssuer.closed.get());
    JwtAccessTokenResolver again =
        JwtAccessTokenResolver.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .jwkSource(given)
            .clock(clock)
            .build();
    assertTrue(again.resolve(Credential.of(token())) instanceof Resolution.Resolved);
  }

  @Test
  void closeWhenKeysDiscoveredFromIssuerMetadataThenRefreshThreadEnds()
      throws InterruptedException {
    try (MetadataServer metadata = new MetadataServer()) {
      String issuer = metadata.origin() + "/realms/close";
      metadata.serve(
          "/.well-known/oauth-authorization-server/realms/close",
          "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + metadata.origin() + "/keys/close\"}");
      metadata.serve("/keys/close", TestTokens.publicKeys(RSA).toString());
      JwtAccessTokenResolver resolver =
          JwtAccessTokenResolver.builder()
              .issuer(issuer)
              .audience(AUDIENCE)
              .jwksCacheTtl(TTL)
              .clock(clock)
              .build();
      String token =
          TestTokens.sign(
              TestTokens.header(JWSAlgorithm.RS256, RSA.getKeyID()).build(),
              TestTokens.claims(clock.instant()).issuer(issuer).build(),
              RSA);
      Set<Thread> before = refreshThreads();
      assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token)));
      clock.advance(TTL.minusSeconds(10));
      assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token)));
      for (int i = 0; i < 1_500 && metadata.hits("/keys/close") < 2; i++) {
        Thread.sleep(20);
      }
      assertEquals(
          2, metadata.hits("/keys/close"), "the discovered keys were refreshed in the background");
      Set<Thread> started = refreshThreads();
      started.removeAll(before);
      assertFalse(started.isEmpty(), "a refresh thread was started");

      resolver.close();

      assertEnded(started);
    }
  }
}
