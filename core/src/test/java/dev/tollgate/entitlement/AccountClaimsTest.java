package dev.tollgate.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.TollgatePrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountClaimsTest {
  private static final Plan TEAM = new Plan("team", true, 150);

  static Stream<Arguments> claims() {
    return Stream.of(
        // plan claim, credits claim, expected plan, expected credits
        Arguments.of("professional", null, Plan.PROFESSIONAL, 0L),
        Arguments.of("ENTERPRISE", null, Plan.ENTERPRISE, 0L),
        Arguments.of("free", 12, Plan.FREE, 12L),
        Arguments.of("free", 12L, Plan.FREE, 12L),
        Arguments.of("free", "7", Plan.FREE, 7L),
        Arguments.of("free", 2.5, Plan.FREE, 2L),
        Arguments.of("free", Double.NaN, Plan.FREE, 0L),
        Arguments.of("free", "99999999999999999999", Plan.FREE, Long.MAX_VALUE),
        Arguments.of("free", "-5", Plan.FREE, 0L),
        Arguments.of("free", "1.5", Plan.FREE, 0L),
        Arguments.of("free", -3, Plan.FREE, 0L),
        Arguments.of("free", "lots", Plan.FREE, 0L),
        Arguments.of("free", "1e999999999", Plan.FREE, 0L),
        Arguments.of("free", new java.math.BigDecimal("1e-999999999"), Plan.FREE, 0L),
        Arguments.of("free", List.of(5), Plan.FREE, 0L),
        Arguments.of(
            "free", new java.math.BigInteger("99999999999999999999999"), Plan.FREE, Long.MAX_VALUE),
        Arguments.of("team", null, TEAM, 0L),
        // Unrecognised or non-string plans fail closed: they read as free.
        Arguments.of("platinum", null, Plan.FREE, 0L),
        Arguments.of(List.of("enterprise"), null, Plan.FREE, 0L),
        Arguments.of(true, 4, Plan.FREE, 4L));
  }

  @ParameterizedTest(name = "plan={0} credits={1}")
  @MethodSource("claims")
  void accountWhenClaimsPresentThenParsedFailingClosed(
      Object plan, Object credits, Plan expectedPlan, long expectedCredits) {
    AccountClaims claims = AccountClaims.builder().plan(TEAM).build();
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("plan", plan);
    if (credits != null) {
      attributes.put("credits", credits);
    }

    Account account =
        claims
            .account(TollgatePrincipal.builder("acct").attributes(attributes).build())
            .orElseThrow();

    assertEquals("acct", account.id());
    assertEquals(expectedPlan, account.plan());
    assertEquals(expectedCredits, account.purchasedCredits());
  }

  @Test
  void accountWhenPlanClaimAbsentThenEmpty() {
    TollgatePrincipal principal =
        TollgatePrincipal.builder("acct").attributes(Map.of("credits", 10)).build();

    assertTrue(AccountClaims.standard().account(principal).isEmpty());
  }

  @Test
  void accountWhenClaimNamesConfiguredThenThoseAreRead() {
    AccountClaims claims =
        AccountClaims.builder()
            .planClaim("https://example.com/tier")
            .creditsClaim("balance")
            .build();
    TollgatePrincipal principal =
        TollgatePrincipal.builder("acct")
            .attributes(
                Map.of("https://example.com/tier", "free", "balance", 9, "plan", "enterprise"))
            .build();

    Account account = claims.account(principal).orElseThrow();

    assertEquals(Plan.FREE, account.plan());
    assertEquals(9, account.purchasedCredits());
  }

  @Test
  void buildWhenPlanAndCreditsClaimSameThenFails() {
    assertThrows(
        IllegalStateException.class,
        () -> AccountClaims.builder().planClaim("x").creditsClaim("x").build());
    assertThrows(IllegalArgumentException.class, () -> AccountClaims.builder().planClaim(" "));
  }
}
