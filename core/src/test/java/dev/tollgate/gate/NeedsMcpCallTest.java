package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.EntitlementPolicy;
import dev.tollgate.Resolution;
import dev.tollgate.ScopePolicy;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.scope.McpScopePolicy;
import java.net.URI;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whether the gate needs the MCP call (so that adapters read the body only then). */
class NeedsMcpCallTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private static final AccountDirectory ACCOUNTS =
      AccountDirectory.inMemory(new Account("a", Plan.PROFESSIONAL, 0, 0));

  static Stream<Arguments> policies() {
    EntitlementPolicy accountsOnly = AccountEntitlementPolicy.builder().directory(ACCOUNTS).build();
    EntitlementPolicy perTool =
        AccountEntitlementPolicy.builder()
            .directory(ACCOUNTS)
            .toolRequiresPlan("audit", Plan.ENTERPRISE)
            .build();
    return Stream.of(
        Arguments.of(
            "fixed scopes, allow all",
            ScopePolicy.fixed(Set.of("mcp")),
            EntitlementPolicy.allowAll(),
            false),
        Arguments.of(
            "always and path rules",
            McpScopePolicy.builder().always("mcp").path("/mcp", "x").build(),
            accountsOnly,
            false),
        Arguments.of(
            "a method rule",
            McpScopePolicy.builder().method("tools/list", "read").build(),
            accountsOnly,
            true),
        Arguments.of(
            "a tool rule",
            McpScopePolicy.builder().tool("charge", "write").build(),
            EntitlementPolicy.allowAll(),
            true),
        Arguments.of("a tool plan", ScopePolicy.fixed(Set.of()), perTool, true));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {3}")
  @MethodSource("policies")
  void needsMcpCallWhenPoliciesThenTrueOnlyForMethodOrToolRules(
      String name, ScopePolicy scopes, EntitlementPolicy entitlement, boolean expected) {
    Tollgate gate =
        Tollgate.builder()
            .resource(RESOURCE)
            .resolver(credential -> Resolution.notMine())
            .scopePolicy(scopes)
            .entitlementPolicy(entitlement)
            .build();

    assertEquals(expected, gate.needsMcpCall(), name);
  }
}
