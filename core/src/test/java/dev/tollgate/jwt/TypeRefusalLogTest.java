package dev.tollgate.jwt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TypeRefusalLog}: once per issuer and type, bounded, and saying when it is full. */
class TypeRefusalLogTest {
  private final TypeRefusalLog log = new TypeRefusalLog(TokenTypes.of(List.of("at+jwt")));

  @Test
  void refusedWhenSamePairAgainThenNotLoggedTwice() {
    assertTrue(log.refused("https://auth.example.com", "JWT"));
    assertFalse(log.refused("https://auth.example.com", "JWT"));
  }

  @Test
  void acceptingWhenMaxWarningsLoggedThenFalseAndNothingMoreLogged() {
    for (int i = 0; i < TypeRefusalLog.MAX_WARNINGS; i++) {
      assertTrue(log.accepting());
      assertTrue(log.refused("https://auth.example.com", "type-" + i));
    }

    assertFalse(log.accepting());
    assertFalse(log.refused("https://auth.example.com", "one-more"));
  }
}
