package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.StoredKeys;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failure rate limiting through the gate, over real JWT and API key resolvers: every kind of bad
 * credential counts the same and is refused the same, and a blocked address never reaches a
 * resolver.
 */
class TollgateFailureRateLimitTest {
  private static final String ISSUER = "https://auth.example.com";
  private static final String RESOURCE = "https://mcp.example.com/mcp";
  private static final String ATTACKER = "198.51.100.23";
  private static final int LIMIT = 5;

  private static RSAKey signingKey;
  private static RSAKey strangerKey;

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger resolverCalls = new AtomicInteger();
  private final List<DecisionEvent> events = new ArrayList<>();
  private final Map<String, String> corpus = new java.util.LinkedHashMap<>();
  private ApiKeyStore store;
  private Tollgate gate;

  @BeforeAll
  static void keys() throws JOSEException {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  @BeforeEach
  void setUp() throws JOSEException {
    store = ApiKeyStore.inMemory();
    String live = StoredKeys.issue(store, "acct-live");
    String revoked = StoredKeys.issue(store, "acct-revoked");
    store.delete("acct-revoked");
    corpus.put("good-key", live);
    corpus.put("good-jwt", jwt(signingKey, Set.of("mcp")));
    corpus.put("narrow-jwt", jwt(signingKey, Set.of("other")));
    corpus.put(
        "unknown-key", live.substring(0, live.length() - 2) + (live.endsWith("AA") ? "BB" : "AA"));
    corpus.put("revoked-key", revoked);
    corpus.put("malformed-key", live.substring(0, 12) + "~~~");
    corpus.put("forged-jwt", jwt(strangerKey, Set.of("mcp")));
    corpus.put("garbage", "opaque-garbage-value");
    gate =
        gate(FailureRateLimiter.builder(LIMIT, Duration.ofMinutes(1)).ticker(nanos::get).build());
  }

  private Tollgate gate(@Nullable FailureRateLimiter limiter) {
    CredentialResolver jwt =
        JwtAccessTokenResolver.builder()
            .issuer(ISSUER)
            .audience(RESOURCE)
            .jwkSource(new ImmutableJWKSet<>(new JWKSet(signingKey.toPublicJWK())))
            .build();
    CredentialResolver apiKeys = ApiKeyResolver.builder(store).scopes(Set.of("mcp")).build();
    CredentialResolver counted =
        credential -> {
          resolverCalls.incrementAndGet();
          Resolution resolution = jwt.resolve(credential);
          return resolution instanceof Resolution.NotMine
              ? apiKeys.resolve(credential)
              : resolution;
        };
    Tollgate.Builder builder =
        Tollgate.builder()
            .resource(URI.create(RESOURCE))
            .requiredScopes(Set.of("mcp"))
            .resolver(counted)
            .decisionListener(events::add);
    if (limiter != null) {
      builder.failureRateLimiter(limiter);
    }
    return builder.build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"unknown-key", "revoked-key", "malformed-key", "forged-jwt", "garbage", "header"})
  void decideWhenLimitOfOneKindOfFailureReachedThen429WithoutResolving(String kind) {
    for (int i = 0; i < LIMIT; i++) {
      Decision.Challenge failure =
          assertInstanceOf(Decision.Challenge.class, gate.decide(attempt(kind)));
      assertTrue(failure.status() == 400 || failure.status() == 401, "status " + failure.status());
    }
    int callsBefore = resolverCalls.get();

    Decision.RateLimited limited =
        assertInstanceOf(Decision.RateLimited.class, gate.decide(attempt(kind)));

    assertEquals(callsBefore, resolverCalls.get());
    assertEquals(12, limited.retryAfterSeconds());
    assertEquals(
        "{\"error\":\"too_many_requests\",\"error_description\":"
            + "\"Too many failed authorization attempts; retry after the time in Retry-After\"}",
        limited.jsonBody());
    DecisionEvent last = events.get(events.size() - 1);
    assertEquals(DecisionEvent.Outcome.RATE_LIMITED, last.outcome());
    assertEquals("too_many_failures", last.reason());
  }

  @Test
  void decideWhenFailuresOfMixedKindsThenEachCountsOnceAndAnswersIdentical() {
    List<String> kinds =
        List.of("unknown-key", "revoked-key", "malformed-key", "forged-jwt", "header");
    for (String kind : kinds) {
      assertInstanceOf(Decision.Challenge.class, gate.decide(attempt(kind)));
    }

    Set<Decision> answers = new HashSet<>();
    for (String kind :
        List.of(
            "unknown-key",
            "revoked-key",
            "malformed-key",
            "forged-jwt",
            "garbage",
            "header",
            "good-key")) {
      answers.add(gate.decide(attempt(kind)));
    }

    assertEquals(1, answers.size(), answers.toString());
    assertInstanceOf(Decision.RateLimited.class, answers.iterator().next());
  }

  @Test
  void decideWhenBlockedThenOtherAddressesAndUnknownAddressesUnaffected() {
    exhaust();

    assertInstanceOf(
        Decision.Allow.class,
        gate.decide(request("Bearer " + corpus.get("good-key"), "192.0.2.50")));
    assertInstanceOf(
        Decision.Allow.class, gate.decide(request("Bearer " + corpus.get("good-jwt"), null)));
    assertInstanceOf(Decision.RateLimited.class, gate.decide(attempt("good-jwt")));
  }

  @Test
  void decideWhenNoAddressKnownThenNeverLimited() {
    for (int i = 0; i < 50; i++) {
      assertInstanceOf(
          Decision.Challenge.class, gate.decide(request("Bearer " + corpus.get("garbage"), null)));
    }
  }

  @Test
  void decideWhenBlockedAndNoCredentialThenStill401ChallengeForDiscovery() {
    exhaust();

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(request(null, ATTACKER)));

    assertEquals(401, challenge.status());
    assertEquals("missing_credential", challenge.error());
  }

  @Test
  void decideWhenMissingCredentialForbiddenScopeOrSuccessThenNotCounted() {
    for (int i = 0; i < LIMIT * 4; i++) {
      gate.decide(request(null, ATTACKER));
      assertInstanceOf(Decision.Challenge.class, gate.decide(attempt("narrow-jwt")));
      assertInstanceOf(Decision.Allow.class, gate.decide(attempt("good-key")));
      assertInstanceOf(Decision.Allow.class, gate.decide(attempt("good-jwt")));
    }

    for (int i = 0; i < LIMIT; i++) {
      assertInstanceOf(Decision.Challenge.class, gate.decide(attempt("garbage")));
    }
  }

  @Test
  void decideWhenDependencyDownThenNotCounted() {
    Tollgate failing =
        Tollgate.builder()
            .resource(URI.create(RESOURCE))
            .resolver(credential -> Resolution.unavailable("jwks"))
            .failureRateLimiter(
                FailureRateLimiter.builder(LIMIT, Duration.ofMinutes(1)).ticker(nanos::get).build())
            .build();

    for (int i = 0; i < LIMIT * 4; i++) {
      assertInstanceOf(Decision.Unavailable.class, failing.decide(attempt("good-jwt")));
    }
  }

  @Test
  void decideWhenRetryAfterHasPassedThenCredentialLookedAtAgain() {
    exhaust();
    Duration wait =
        assertInstanceOf(Decision.RateLimited.class, gate.decide(attempt("good-key"))).retryAfter();

    nanos.addAndGet(wait.toNanos());

    assertInstanceOf(Decision.Allow.class, gate.decide(attempt("good-key")));
  }

  @Test
  void decideWhenNotConfiguredThenNeverRateLimited() {
    Tollgate unlimited = gate(null);

    for (int i = 0; i < 200; i++) {
      assertInstanceOf(Decision.Challenge.class, unlimited.decide(attempt("garbage")));
    }
    assertInstanceOf(Decision.Allow.class, unlimited.decide(attempt("good-key")));
  }

  @Test
  void failureRateLimitWhenSetTwiceThenSaysWhatWasSet() {
    Tollgate.Builder builder = Tollgate.builder().failureRateLimit(20, Duration.ofMinutes(1));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> builder.failureRateLimit(10, Duration.ofMinutes(1)));
    assertTrue(e.getMessage().contains("20 per PT1M"), e.getMessage());
  }

  @Test
  void failureRateLimitWhenInvalidThenNamesTheSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Tollgate.builder().failureRateLimit(0, Duration.ofMinutes(1)));
    assertTrue(e.getMessage().contains("failureRateLimit"), e.getMessage());
  }

  private void exhaust() {
    for (int i = 0; i < LIMIT; i++) {
      gate.decide(attempt("garbage"));
    }
  }

  private RequestView attempt(String kind) {
    String header = kind.equals("header") ? "Bearer two tokens" : "Bearer " + corpus.get(kind);
    return request(header, ATTACKER);
  }

  private static RequestView request(@Nullable String authorization, @Nullable String address) {
    RequestView.Builder request = RequestView.builder("POST", "/mcp").remoteAddress(address);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private static String jwt(RSAKey key, Set<String> scopes) throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(RESOURCE)
            .subject("user-42")
            .issueTime(Date.from(now.minusSeconds(10)))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .claim("client_id", "client-7")
            .claim("scope", String.join(" ", scopes))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID())
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
