package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.account.Account;
import dev.tollgate.account.AccountDirectory;
import dev.tollgate.account.AccountEntitlementPolicy;
import dev.tollgate.account.EntitlementPolicy;
import dev.tollgate.account.Plan;
import dev.tollgate.scope.McpScopePolicy;
import java.net.URI;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whether the gate needs the MCP call (so that adapters read the body only then). */
class NeedsMcpCallTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private static final AccountDirectory ACCOUNTS =
      AccountDirectory.inMemory(new Account("a", Plan.PROFESSIONAL, 0, 0));

  static Stream<Arguments> policies() {
    EntitlementPolicy accountsOnly =
        AccountEntitlementPolicy.builder().directory(ACCOUNTS).build();
    EntitlementPolicy perTool =
        AccountEntitlementPolicy.builder()
            .directory(ACCOUNTS)
            .toolRequiresPlan("audit", Plan.ENTERPRISE)
            .build();
    return Stream.of(
        Arguments.of("fixed scopes, allow all", ScopePolicy.fixed(Set.of("mcp")), EntitlementPolicy.allowAll(), false),
        Arguments.of("always and path rules", McpScopePolicy.builder().always("mcp").path("/mcp", "x").build(), accountsOnly, false),
        Arguments.of("a method rule", McpScopePolicy.builder().method("tools/list", "read").build(), accountsOnly, true),
        Arguments.of("a tool rule", McpScopePolicy.builder().tool("charge", "write").build(), EntitlementPolicy.allowAll(), true),
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

  @ParameterizedTest
  @ValueSource(ints = {400, 413})
  void rejectMcpMessageWhenStatusThenInvalidRequestWithoutChallenge(int status) throws Exception {
    Tollgate gate = Tollgate.builder().resource(RESOURCE).resolver(credential -> Resolution.notMine()).build();

    Decision.Challenge challenge = gate.rejectMcpMessage(status, "The JSON-RPC message has no method");

    assertEquals(status, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertEquals("invalid_request", challenge.error());
    var body = new ObjectMapper().readTree(challenge.jsonBody());
    assertEquals("invalid_request", body.path("error").asText());
    assertEquals("The JSON-RPC message has no method", body.path("error_description").asText());
  }

  @Test
  void rejectMcpMessageWhenStatusOrDescriptionUnfitThenRefused() {
    Tollgate gate = Tollgate.builder().resource(RESOURCE).resolver(credential -> Resolution.notMine()).build();

    assertThrows(IllegalArgumentException.class, () -> gate.rejectMcpMessage(401, "x"));
    assertThrows(IllegalArgumentException.class, () -> gate.rejectMcpMessage(400, "quote \" inside"));
  }
}
