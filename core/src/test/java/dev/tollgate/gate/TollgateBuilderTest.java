package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.RevocationCheck;
import dev.tollgate.ScopePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Tollgate.Builder}'s convention: a single-valued setting set twice fails at once naming it;
 * {@code requiredScopes} and {@code scopePolicy} exclude each other; adders stay additive.
 */
class TollgateBuilderTest {
  private static Tollgate.Builder builder() {
    return Tollgate.builder().resource(URI.create("https://mcp.example.com/mcp"));
  }

  @Test
  void revocationCheckWhenSetTwiceThenFailsNamingIt() {
    Tollgate.Builder builder = builder().revocationCheck(RevocationCheck.none());

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> builder.revocationCheck(RevocationCheck.none()));

    assertTrue(e.getMessage().startsWith("revocationCheck was already set"), e.getMessage());
  }

  @Test
  void retryAfterWhenSetTwiceThenFailsNamingIt() {
    Tollgate.Builder builder = builder().retryAfter(Duration.ofSeconds(3));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.retryAfter(Duration.ofSeconds(9)));

    assertEquals("retryAfter was already set to PT3S", e.getMessage());
  }

  @Test
  void maxHeaderLengthWhenSetTwiceThenFailsNamingIt() {
    Tollgate.Builder builder = builder().maxHeaderLength(4096);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.maxHeaderLength(16384));

    assertEquals("maxHeaderLength was already set to 4096", e.getMessage());
  }

  @Test
  void requiredScopesWhenSetTwiceThenFailsNamingIt() {
    Tollgate.Builder builder = builder().requiredScopes(Set.of("mcp"));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.requiredScopes(Set.of("other")));

    assertEquals("requiredScopes was already set to [mcp]", e.getMessage());
  }

  @Test
  void scopePolicyWhenRequiredScopesSetThenFailsSayingWhichWasSet() {
    Tollgate.Builder builder = builder().requiredScopes(Set.of("mcp"));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> builder.scopePolicy(ScopePolicy.fixed(Set.of("admin"))));

    assertTrue(
        e.getMessage().startsWith("requiredScopes was already set to [mcp]"), e.getMessage());
  }

  @Test
  void requiredScopesWhenScopePolicySetThenFailsSayingWhichWasSet() {
    Tollgate.Builder builder = builder().scopePolicy(ScopePolicy.fixed(Set.of("admin")));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.requiredScopes(Set.of("mcp")));

    assertTrue(e.getMessage().startsWith("scopePolicy was already set"), e.getMessage());
  }

  @Test
  void scopePolicyWhenSetTwiceThenLaterReplacesEarlier() {
    // The settings adapter sets one from its keys; code replaces it (TollgateSettings#configure).
    Tollgate gate =
        builder()
            .scopePolicy(ScopePolicy.fixed(Set.of("settings")))
            .scopePolicy(ScopePolicy.fixed(Set.of("code")))
            .resolver(credential -> dev.tollgate.Resolution.notMine())
            .build();

    dev.tollgate.Decision decision =
        gate.decide(dev.tollgate.RequestView.of("POST", "/mcp", java.util.Map.of(), null));

    String challenge = ((dev.tollgate.Decision.Challenge) decision).wwwAuthenticate();
    assertTrue(challenge.contains("scope=\"code\""), challenge);
  }

  @Test
  void maxHeaderLengthWhenInvalidThenFailsAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> builder().maxHeaderLength(1));
  }

  @Test
  void resolverWhenAddedTwiceThenBothKept() {
    Tollgate gate =
        builder()
            .resolver(credential -> dev.tollgate.Resolution.notMine())
            .resolver(
                credential ->
                    dev.tollgate.Resolution.resolved(
                        dev.tollgate.TollgatePrincipal.builder("acct").build()))
            .build();

    dev.tollgate.Decision decision =
        gate.decide(
            dev.tollgate.RequestView.of(
                "POST",
                "/mcp",
                java.util.Map.of("Authorization", java.util.List.of("Bearer x")),
                null));

    assertTrue(decision instanceof dev.tollgate.Decision.Allow, decision.toString());
  }
}
