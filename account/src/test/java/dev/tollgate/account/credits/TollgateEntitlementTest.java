package dev.tollgate.account.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.CachingAccountDirectory;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.scope.McpScopePolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The account, scope and credit parts working together through {@link Tollgate#decide}. */
class TollgateEntitlementTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private static final URI UPGRADE = URI.create("https://billing.example.com/upgrade");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Token value -> principal; a stand-in for the JWT or API key resolvers. */
  private static final Map<String, TollgatePrincipal> TOKENS =
      Map.of(
          "tok-free", principal("free", "mcp"),
          "tok-free-credits", principal("free-credits", "mcp"),
          "tok-pro-read", principal("pro", "mcp:tools:read"),
          "tok-pro", principal("pro", "mcp"),
          "tok-ghost", principal("ghost", "mcp"));

  private static final CredentialResolver RESOLVER =
      credential -> {
        TollgatePrincipal principal = TOKENS.get(credential.value());
        return principal != null ? Resolution.resolved(principal) : Resolution.invalid("unknown");
      };
  private static final McpScopePolicy SCOPES =
      McpScopePolicy.builder()
          .method("tools/list", "mcp:tools:read")
          .method("tools/call", "mcp:tools:read")
          .tool("charge", "mcp:tools:write")
          .implies("mcp", "mcp:tools:read", "mcp:tools:write")
          .build();

  private final CreditLedger ledger = CreditLedger.inMemory();
  private final CachingAccountDirectory accounts =
      CachingAccountDirectory.builder(
              AccountDirectory.inMemory(
                  new Account("free", Plan.FREE, 0, 500),
                  new Account("free-credits", Plan.FREE, 0, 0),
                  new Account("pro", Plan.PROFESSIONAL, 0, 0)))
          .build();
  private final Tollgate gate =
      gate(
          AccountEntitlementPolicy.builder()
              .directory(PurchasedCredits.directory(accounts, ledger))
              .upgradeUri(UPGRADE)
              .toolRequiresPlan("export", Plan.ENTERPRISE)
              .build());

  @Test
  void decideWhenFreeAccountWithoutCreditsThenEntitlementRequiredWithoutChallenge()
      throws Exception {
    Decision decision = gate.decide(call("tok-free", "tools/list", null));

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, decision);
    assertEquals(403, challenge.status());
    assertNull(challenge.wwwAuthenticate(), "no WWW-Authenticate: re-authorizing cannot help");
    assertEquals("entitlement_required", challenge.error());
    JsonNode body = JSON.readTree(challenge.jsonBody());
    assertEquals("entitlement_required", body.get("error").asText());
    assertEquals(
        AccountEntitlementPolicy.FREE_WITHOUT_CREDITS, body.get("error_description").asText());
    assertEquals(UPGRADE.toString(), body.get("upgrade_uri").asText());
  }

  @Test
  void decideWhenUnknownAccountThenEntitlementRequired() {
    Decision.Challenge challenge =
        assertInstanceOf(
            Decision.Challenge.class, gate.decide(call("tok-ghost", "tools/list", null)));

    assertEquals(403, challenge.status());
    assertTrue(challenge.jsonBody().contains(AccountEntitlementPolicy.UNKNOWN_ACCOUNT));
  }

  @Test
  void decideWhenToolScopeMissingThenInsufficientScopeListingAllScopes() {
    Decision decision = gate.decide(call("tok-pro-read", "tools/call", "charge"));

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, decision);
    assertEquals(403, challenge.status());
    assertEquals("insufficient_scope", challenge.error());
    assertTrue(
        challenge.wwwAuthenticate().contains("scope=\"mcp:tools:read mcp:tools:write\""),
        challenge.wwwAuthenticate());
    assertTrue(challenge.wwwAuthenticate().contains("error=\"insufficient_scope\""));
  }

  @Test
  void decideWhenReadScopeAndReadOnlyToolThenAllowed() {
    assertInstanceOf(
        Decision.Allow.class, gate.decide(call("tok-pro-read", "tools/call", "search")));
  }

  @Test
  void decideWhenBroadScopeImpliesToolScopeThenAllowed() {
    Decision decision = gate.decide(call("tok-pro", "tools/call", "charge"));

    assertEquals("pro", assertInstanceOf(Decision.Allow.class, decision).principal().accountId());
  }

  @Test
  void decideWhenNoCredentialThenChallengeAdvertisesToolScopes() {
    RequestView anonymous =
        RequestView.withMcpCall(
            RequestView.of("POST", "/mcp", Map.of(), null), "tools/call", "charge");

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(anonymous));

    assertEquals(401, challenge.status());
    assertTrue(challenge.wwwAuthenticate().contains("scope=\"mcp:tools:read mcp:tools:write\""));
  }

  @Test
  void decideWhenToolNeedsEnterpriseThenEntitlementRequiredNamingPlan() {
    Decision.Challenge challenge =
        assertInstanceOf(
            Decision.Challenge.class, gate.decide(call("tok-pro", "tools/call", "export")));

    assertEquals(403, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertTrue(challenge.jsonBody().contains("enterprise plan"), challenge.jsonBody());
  }

  @Test
  void decideWhenPurchasedCreditsSpentToZeroThenNextRequestRefused() {
    ledger.grant("free-credits", 3);
    assertInstanceOf(
        Decision.Allow.class, gate.decide(call("tok-free-credits", "tools/call", "charge")));

    // The tool meters its work against the authenticated account.
    assertEquals(1, ledger.charge("free-credits", 2, "call-1").balance());
    assertInstanceOf(
        Decision.Allow.class, gate.decide(call("tok-free-credits", "tools/call", "charge")));
    assertEquals(0, ledger.charge("free-credits", 1, "call-2").balance());

    Decision.Challenge challenge =
        assertInstanceOf(
            Decision.Challenge.class,
            gate.decide(call("tok-free-credits", "tools/call", "charge")));
    assertEquals(403, challenge.status());
    assertEquals("entitlement_required", challenge.error());

    ledger.grant("free-credits", 10);
    assertInstanceOf(
        Decision.Allow.class, gate.decide(call("tok-free-credits", "tools/list", null)));
  }

  @Test
  void decideWhenAccountStoreDownThenUnavailableNeverRefusedNorAllowed() {
    AccountDirectory down =
        accountId -> {
          throw new DependencyUnavailableException("account-store", null);
        };
    Tollgate failing = gate(AccountEntitlementPolicy.paidPlanOrPurchasedCredits(down, UPGRADE));

    Decision decision = failing.decide(call("tok-pro", "tools/list", null));

    assertEquals(
        "account-store", assertInstanceOf(Decision.Unavailable.class, decision).dependency());
  }

  private static Tollgate gate(EntitlementPolicy policy) {
    return Tollgate.builder()
        .resource(RESOURCE)
        .authorizationServer(URI.create("https://auth.example.com"))
        .resolver(RESOLVER)
        .entitlementPolicy(policy)
        .scopePolicy(SCOPES)
        .build();
  }

  private static RequestView call(String token, String method, @Nullable String tool) {
    RequestView view =
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null);
    return RequestView.withMcpCall(view, method, tool);
  }

  private static TollgatePrincipal principal(String accountId, String... scopes) {
    return TollgatePrincipal.builder(accountId).scopes(Set.of(scopes)).build();
  }
}
