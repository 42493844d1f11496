package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link CredentialResolver#firstClaiming}'s known answer is the one resolving would give. */
class FirstClaimingKnownTest {
  private static final Resolution RESOLVED =
      Resolution.resolved(TollgatePrincipal.builder("acct-1").build());

  /** Knows {@code answer} (null: knows nothing); resolving it is a test failure. */
  private static CredentialResolver knowing(@Nullable Resolution answer) {
    return new CredentialResolver() {
      @Override
      public Resolution resolve(Credential credential) {
        throw new AssertionError("resolved instead of answered from what is known");
      }

      @Override
      public @Nullable Resolution known(Credential credential) {
        return answer;
      }
    };
  }

  @Test
  void knownWhenEarlierResolversKnowItIsNotTheirsThenTheFirstClaimingAnswer() {
    CredentialResolver chain =
        CredentialResolver.firstClaiming(
            List.of(knowing(Resolution.notMine()), knowing(RESOLVED), knowing(null)));

    assertSame(RESOLVED, chain.known(Credential.of("token")));
  }

  @Test
  void knownWhenAnEarlierResolverWouldHaveToResolveThenNothingKnown() {
    CredentialResolver chain =
        CredentialResolver.firstClaiming(List.of(knowing(null), knowing(RESOLVED)));

    assertNull(chain.known(Credential.of("token")));
  }

  @Test
  void knownWhenEveryResolverKnowsItIsNotTheirsThenInvalidAsResolvingWouldAnswer() {
    CredentialResolver chain =
        CredentialResolver.firstClaiming(
            List.of(knowing(Resolution.notMine()), knowing(Resolution.notMine())));

    assertEquals(
        new Resolution.Invalid("The credential is not recognised"),
        chain.known(Credential.of("token")));
  }
}
