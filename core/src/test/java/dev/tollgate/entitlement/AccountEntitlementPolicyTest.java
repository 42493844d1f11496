package dev.tollgate.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Entitlement;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.bearer.BearerError;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccountEntitlementPolicyTest {
  private static final URI UPGRADE = URI.create("https://billing.example.com/upgrade");
  private static final Plan TEAM = new Plan("team", true, 150);
  private static final Plan TRIAL = new Plan("trial", false, 10);

  private static final AccountDirectory DIRECTORY =
      AccountDirectory.inMemory(
          new Account("pro", Plan.PROFESSIONAL, 0, 0),
          new Account("enterprise", Plan.ENTERPRISE, 0, 0),
          new Account("free-with-credits", Plan.FREE, 5, 0),
          new Account("free-allocation-only", Plan.FREE, 0, 1000),
          new Account("free-nothing", Plan.FREE, 0, 0),
          new Account("team", TEAM, 0, 0),
          new Account("trial", TRIAL, 0, 50),
          new Account("trial-with-credits", TRIAL, 1, 0));

  private static final RequestView REQUEST = RequestView.of("POST", "/mcp", Map.of(), null);

  static Stream<Arguments> accounts() {
    return Stream.of(
        Arguments.of("pro", true, null),
        Arguments.of("enterprise", true, null),
        Arguments.of("free-with-credits", true, null),
        Arguments.of("free-allocation-only", false, AccountEntitlementPolicy.FREE_WITHOUT_CREDITS),
        Arguments.of("free-nothing", false, AccountEntitlementPolicy.FREE_WITHOUT_CREDITS),
        Arguments.of("team", true, null),
        Arguments.of("trial", false, AccountEntitlementPolicy.FREE_WITHOUT_CREDITS),
        Arguments.of("trial-with-credits", true, null),
        Arguments.of("nobody", false, AccountEntitlementPolicy.UNKNOWN_ACCOUNT));
  }

  @ParameterizedTest(name = "{0} -> allowed={1}")
  @MethodSource("accounts")
  void checkWhenAccountThenVerdict(String accountId, boolean allowed, String description) {
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.paidPlanOrPurchasedCredits(DIRECTORY, UPGRADE);

    Entitlement entitlement = policy.check(principal(accountId), REQUEST);

    assertEquals(allowed, entitlement.allowed());
    assertEquals(description, entitlement.description());
    assertEquals(allowed ? null : UPGRADE, entitlement.upgradeUri());
    assertEquals(entitlement, policy.checkAccount(accountId), "checkAccount agrees with check");
  }

  @Test
  void checkWhenDirectoryDownThenDependencyUnavailable() {
    DependencyUnavailableException outage =
        new DependencyUnavailableException("account-store", null);
    AccountDirectory down =
        accountId -> {
          throw outage;
        };
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.paidPlanOrPurchasedCredits(down, UPGRADE);

    assertSame(
        outage,
        assertThrows(
            DependencyUnavailableException.class, () -> policy.check(principal("pro"), REQUEST)));
    assertThrows(DependencyUnavailableException.class, () -> policy.checkAccount("pro"));
  }

  static Stream<Arguments> toolCalls() {
    return Stream.of(
        // account, method, tool, allowed
        Arguments.of("enterprise", "tools/call", "export", true),
        Arguments.of("team", "tools/call", "export", false),
        Arguments.of("pro", "tools/call", "export", false),
        Arguments.of("free-with-credits", "tools/call", "export", false),
        Arguments.of("pro", "tools/call", "search", true),
        Arguments.of("team", "tools/call", "team-report", true),
        Arguments.of("pro", "tools/call", "team-report", false),
        Arguments.of("enterprise", "tools/call", "team-report", true),
        // The requirement is on calling the tool, not on listing or naming it elsewhere.
        Arguments.of("pro", "tools/list", null, true),
        Arguments.of("pro", "prompts/get", "export", true),
        Arguments.of("pro", null, null, true));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> allowed={3}")
  @MethodSource("toolCalls")
  void checkWhenToolRequiresPlanThenPlanTierDecides(
      String accountId, String method, String tool, boolean allowed) {
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.builder()
            .directory(DIRECTORY)
            .upgradeUri(UPGRADE)
            .toolRequiresPlan("export", Plan.ENTERPRISE)
            .toolRequiresPlan("team-report", TEAM)
            .build();

    Entitlement entitlement =
        policy.check(principal(accountId), RequestView.withMcpCall(REQUEST, method, tool));

    assertEquals(allowed, entitlement.allowed());
  }

  @Test
  void checkWhenToolNeedsEnterpriseThenDescriptionNamesPlanAndFitsChallengeCharset() {
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.builder()
            .directory(DIRECTORY)
            .upgradeUri(UPGRADE)
            .toolRequiresPlan("export", Plan.ENTERPRISE)
            .build();

    Entitlement entitlement =
        policy.check(principal("pro"), RequestView.withMcpCall(REQUEST, "tools/call", "export"));

    assertFalse(entitlement.allowed());
    assertTrue(entitlement.description().contains("enterprise plan"), entitlement.description());
    assertEquals(UPGRADE, entitlement.upgradeUri());
  }

  @Test
  void descriptionsWhenRefusingThenWithinRfc6750CharacterSet() {
    for (String description :
        List.of(
            AccountEntitlementPolicy.UNKNOWN_ACCOUNT,
            AccountEntitlementPolicy.FREE_WITHOUT_CREDITS,
            AccountEntitlementPolicy.toolNeedsPlan(Plan.ENTERPRISE),
            AccountEntitlementPolicy.toolNeedsPlan(
                new Plan("a-very_long-plan-name-0123456789", true, 1)))) {
      assertTrue(BearerError.isErrorValue(description), description);
    }
  }

  @Test
  void checkWhenClaimsCarryPlanThenDirectoryNotAsked() {
    AccountDirectory down =
        accountId -> {
          throw new DependencyUnavailableException("account-store", null);
        };
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.builder()
            .claims(AccountClaims.standard())
            .directory(down)
            .upgradeUri(UPGRADE)
            .build();
    TollgatePrincipal withClaims =
        TollgatePrincipal.builder("acct").attributes(Map.of("plan", "free", "credits", 3)).build();
    TollgatePrincipal withoutCredits =
        TollgatePrincipal.builder("acct").attributes(Map.of("plan", "free")).build();

    assertTrue(policy.check(withClaims, REQUEST).allowed());
    assertEquals(
        AccountEntitlementPolicy.FREE_WITHOUT_CREDITS,
        policy.check(withoutCredits, REQUEST).description());
  }

  @Test
  void checkWhenClaimsAbsentThenFallsBackToDirectory() {
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.builder()
            .claims(AccountClaims.standard())
            .directory(DIRECTORY)
            .build();

    assertTrue(policy.check(principal("pro"), REQUEST).allowed());
    assertEquals(
        AccountEntitlementPolicy.UNKNOWN_ACCOUNT,
        policy.check(principal("nobody"), REQUEST).description());
  }

  @Test
  void checkAccountWhenOnlyClaimsConfiguredThenRefusedAsUnknown() {
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.builder().claims(AccountClaims.standard()).build();

    Entitlement entitlement = policy.checkAccount("pro");

    assertFalse(entitlement.allowed());
    assertNull(entitlement.upgradeUri());
  }

  @Test
  void buildWhenNoAccountSourceThenFailsNamingSetting() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> AccountEntitlementPolicy.builder().build());
    assertTrue(e.getMessage().contains("directory"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://billing.example.com/", "/relative/upgrade", "mailto:sales@example.com"})
  void upgradeUriWhenNotAbsoluteHttpThenRejected(String uri) {
    assertThrows(
        IllegalArgumentException.class,
        () -> AccountEntitlementPolicy.builder().upgradeUri(URI.create(uri)));
  }

  @Test
  void toolRequiresPlanWhenToolConfiguredTwiceThenRejected() {
    AccountEntitlementPolicy.Builder builder =
        AccountEntitlementPolicy.builder().toolRequiresPlan("export", Plan.ENTERPRISE);
    assertThrows(
        IllegalStateException.class, () -> builder.toolRequiresPlan("export", Plan.PROFESSIONAL));
  }

  @Test
  void checkAccountWhenUsedAsApiKeyEligibilityLambdaThenSameVerdict() {
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.paidPlanOrPurchasedCredits(DIRECTORY, UPGRADE);
    // The shape of dev.tollgate.account.apikey.ApiKeyEligibility: Entitlement check(String
    // accountId).
    java.util.function.Function<String, Entitlement> eligibility = policy::checkAccount;

    assertTrue(eligibility.apply("free-with-credits").allowed());
    assertFalse(eligibility.apply("free-allocation-only").allowed());
  }

  private static TollgatePrincipal principal(String accountId) {
    return TollgatePrincipal.builder(accountId).build();
  }
}
