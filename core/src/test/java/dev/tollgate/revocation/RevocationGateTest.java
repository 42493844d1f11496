package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.RevocationCheck;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.MutableClock;
import dev.tollgate.testsupport.SwitchableDataSource;
import dev.tollgate.testsupport.TestDataSources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Revocation through the whole gate: a resolved, unexpired token of a revoked client is refused
 * with 401 {@code invalid_token}, and a registry that can no longer vouch answers 503.
 */
class RevocationGateTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** Tokens a stand-in resolver knows: what a JWT or introspection resolver would have produced. */
  private static final Map<String, TollgatePrincipal> TOKENS =
      Map.of(
          "token-app-old", principal("app", NOW.minusSeconds(600)),
          "token-other-old", principal("other", NOW.minusSeconds(600)),
          "token-app-new", principal("app", NOW.plusSeconds(1)));

  private final MutableClock clock = new MutableClock(NOW);

  private static TollgatePrincipal principal(String clientId, Instant issuedAt) {
    return TollgatePrincipal.builder("acct-1")
        .clientId(clientId)
        .issuedAt(issuedAt)
        .expiresAt(NOW.plus(Duration.ofHours(1)))
        .scopes(Set.of("mcp"))
        .build();
  }

  private static Tollgate gate(RevocationCheck revocationCheck) {
    return Tollgate.builder()
        .resource(URI.create("https://mcp.example.com/mcp"))
        .authorizationServer(URI.create("https://auth.example.com"))
        .resolver(
            credential -> {
              TollgatePrincipal principal = TOKENS.get(credential.value());
              return principal != null
                  ? Resolution.resolved(principal)
                  : Resolution.invalid("The access token is invalid");
            })
        .requiredScopes(Set.of("mcp"))
        .revocationCheck(revocationCheck)
        .build();
  }

  private static RequestView request(String token) {
    return RequestView.of(
        "POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null);
  }

  @Test
  void decideWhenClientRevokedThenItsUnexpiredTokenRefusedWithInvalidToken() {
    RevocationRegistry registry = RevocationRegistry.inMemory(clock);
    Tollgate gate = gate(registry);
    assertInstanceOf(Decision.Allow.class, gate.decide(request("token-app-old")));

    registry.revokeClient("acct-1", "app");

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(request("token-app-old")));
    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
    assertTrue(
        challenge
            .wwwAuthenticate()
            .contains("error_description=\"The credential has been revoked\""),
        challenge.wwwAuthenticate());
    assertTrue(
        challenge.jsonBody().contains("The credential has been revoked"), challenge.jsonBody());
    assertInstanceOf(Decision.Allow.class, gate.decide(request("token-other-old")));
    assertInstanceOf(Decision.Allow.class, gate.decide(request("token-app-new")));
  }

  @Test
  void decideWhenRegistryStaleThenUnavailable() {
    SwitchableDataSource database = new SwitchableDataSource(TestDataSources.h2("revocation-gate"));
    try (JdbcRevocationRegistry registry =
        JdbcRevocationRegistry.builder(database)
            .refreshInterval(Duration.ofHours(1))
            .clock(clock)
            .build()) {
      assertRegistryReady(registry);
      Tollgate gate = gate(registry);
      assertInstanceOf(Decision.Allow.class, gate.decide(request("token-app-old")));

      database.down();
      clock.advance(Duration.ofHours(3).plusSeconds(1));

      Decision.Unavailable unavailable =
          assertInstanceOf(Decision.Unavailable.class, gate.decide(request("token-app-old")));
      assertEquals("revocation-registry", unavailable.dependency());
      assertTrue(unavailable.retryAfterSeconds() >= 1);
    }
  }

  private static void assertRegistryReady(JdbcRevocationRegistry registry) {
    registry.createSchemaIfMissing();
  }
}
