package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaticCredentialResolverTest {
  private static final TollgatePrincipal PRO =
      TollgatePrincipal.builder("demo-pro").scopes(Set.of("mcp")).build();

  private final StaticCredentialResolver resolver =
      StaticCredentialResolver.builder()
          .token("t1", PRO)
          .invalid("bad")
          .unavailable("down", "jwks")
          .build();

  @Test
  void resolveWhenTokenKnownThenItsPrincipal() {
    Resolution resolution = resolver.resolve(Credential.of("t1"));

    assertSame(PRO, assertInstanceOf(Resolution.Resolved.class, resolution).principal());
  }

  @Test
  void resolveWhenInvalidOrUnknownOrDownThenEachOutcome() {
    assertInstanceOf(Resolution.Invalid.class, resolver.resolve(Credential.of("bad")));
    assertInstanceOf(Resolution.NotMine.class, resolver.resolve(Credential.of("unknown")));
    assertEquals(
        "jwks",
        assertInstanceOf(Resolution.Unavailable.class, resolver.resolve(Credential.of("down")))
            .dependency());
  }

  @Test
  void decideWhenUsedInGateThenStatusesFollowTheTable() {
    Tollgate gate =
        Tollgate.builder()
            .resource(URI.create("https://mcp.example.test/mcp"))
            .resolver(resolver)
            .requiredScopes(Set.of("mcp"))
            .build();

    assertInstanceOf(Decision.Allow.class, decide(gate, "t1"));
    assertEquals(401, assertInstanceOf(Decision.Challenge.class, decide(gate, "bad")).status());
    assertEquals(401, assertInstanceOf(Decision.Challenge.class, decide(gate, "unknown")).status());
    assertInstanceOf(Decision.Unavailable.class, decide(gate, "down"));
  }

  @Test
  void builderWhenCredentialRepeatedThenRefusedWithoutShowingIt() {
    StaticCredentialResolver.Builder builder =
        StaticCredentialResolver.builder().invalid("secret-value");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.token("secret-value", PRO));

    assertTrue(!e.getMessage().contains("secret-value"), e.getMessage());
  }

  private static Decision decide(Tollgate gate, String credential) {
    return gate.decide(
        RequestView.of(
            "POST", "/mcp", Map.of("Authorization", List.of("Bearer " + credential)), null));
  }
}
