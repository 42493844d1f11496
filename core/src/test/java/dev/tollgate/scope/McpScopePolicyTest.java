package dev.tollgate.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.RequestView;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class McpScopePolicyTest {
  private static final McpScopePolicy POLICY =
      McpScopePolicy.builder()
          .always("mcp:connect")
          .path("/mcp/admin", "mcp:admin")
          .method("tools/list", "mcp:tools:read")
          .method("tools/call", "mcp:tools:read")
          .method("resources/read", "mcp:resources:read")
          .tool("charge", "mcp:tools:write", "billing")
          .tool("search", "mcp:tools:read")
          .implies("mcp", "mcp:connect", "mcp:tools", "mcp:resources:read")
          .implies("mcp:tools", "mcp:tools:read", "mcp:tools:write")
          .build();

  static Stream<Arguments> requests() {
    return Stream.of(
        // path, method, tool, required scopes (space separated)
        Arguments.of("/mcp", null, null, "mcp:connect"),
        Arguments.of("/mcp", "initialize", null, "mcp:connect"),
        Arguments.of("/mcp", "tools/list", null, "mcp:connect mcp:tools:read"),
        Arguments.of("/mcp", "tools/call", "search", "mcp:connect mcp:tools:read"),
        Arguments.of(
            "/mcp", "tools/call", "charge", "billing mcp:connect mcp:tools:read mcp:tools:write"),
        Arguments.of("/mcp", "tools/call", "unlisted", "mcp:connect mcp:tools:read"),
        Arguments.of("/mcp", "prompts/get", "charge", "mcp:connect"),
        Arguments.of("/mcp", "resources/read", null, "mcp:connect mcp:resources:read"),
        Arguments.of("/mcp/admin", null, null, "mcp:admin mcp:connect"),
        Arguments.of(
            "/mcp/admin/users", "tools/list", null, "mcp:admin mcp:connect mcp:tools:read"),
        Arguments.of("/mcp/administrator", null, null, "mcp:connect"));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("requests")
  void requiredScopesWhenRulesMatchThenUnionOfAll(
      String path, String method, String tool, String expected) {
    RequestView request =
        RequestView.withMcpCall(RequestView.of("POST", path, Map.of(), null), method, tool);

    assertEquals(scopes(expected), POLICY.requiredScopes(request));
  }

  @ParameterizedTest(name = "granted [{0}] required [{1}] -> {2}")
  @CsvSource({
    "mcp:tools:read, mcp:tools:read, true",
    "mcp:tools:read, mcp:tools:write, false",
    "mcp:tools, mcp:tools:read mcp:tools:write, true",
    "mcp:tools, mcp:connect, false",
    "mcp, mcp:connect mcp:tools:read mcp:tools:write mcp:resources:read, true",
    "mcp, billing, false",
    "mcp billing, billing mcp:tools:write, true",
    "mcp:tools:read, mcp:tools, false",
    "mcp:tools:read, mcp, false",
    "mcpx, mcp:connect, false",
    "'', mcp:connect, false",
    "mcp:connect, '', true",
  })
  void isSatisfiedByWhenHierarchyDeclaredThenBroaderCoversNarrower(
      String granted, String required, boolean expected) {
    assertEquals(expected, POLICY.isSatisfiedBy(scopes(granted), scopes(required)));
  }

  @ParameterizedTest(name = "granted [{0}] required [{1}] -> {2}")
  @CsvSource({
    "mcp, mcp:tools:read, true",
    "mcp:tools, mcp:tools:read, true",
    "mcp:tools, mcp:toolsx, false",
    "mcp:tools, mcp:prompts:read, false",
    "mc, mcp:tools, false",
    "mcp:tools:read, mcp:tools, false",
  })
  void isSatisfiedByWhenPrefixHierarchyThenScopeCoversItsExtensions(
      String granted, String required, boolean expected) {
    McpScopePolicy policy = McpScopePolicy.builder().prefixHierarchy(':').build();

    assertEquals(expected, policy.isSatisfiedBy(scopes(granted), scopes(required)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"a, b, c", "a, b, a"})
  void isSatisfiedByWhenImpliesChainedOrCyclicThenTransitive(
      String first, String second, String third) {
    McpScopePolicy policy =
        McpScopePolicy.builder()
            .implies(first, second)
            .implies(second, third)
            .implies("b", "z")
            .build();

    assertEquals(true, policy.isSatisfiedBy(Set.of(first), Set.of("z", second)));
    assertEquals(false, policy.isSatisfiedBy(Set.of("z"), Set.of(second)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "quo\"te", "back\\slash", "tab\t", "é"})
  void builderWhenScopeNotAScopeTokenThenRejected(String scope) {
    assertThrows(IllegalArgumentException.class, () -> McpScopePolicy.builder().always(scope));
    assertThrows(IllegalArgumentException.class, () -> McpScopePolicy.builder().tool("t", scope));
    assertThrows(
        IllegalArgumentException.class, () -> McpScopePolicy.builder().implies(scope, "a"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mcp", "", "/mcp/"})
  void pathWhenPrefixMalformedThenRejected(String prefix) {
    assertThrows(IllegalArgumentException.class, () -> McpScopePolicy.builder().path(prefix, "s"));
  }

  @org.junit.jupiter.api.Test
  void methodWhenNoScopesGivenThenRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> McpScopePolicy.builder().method("tools/list"));
  }

  private static Set<String> scopes(String spaceSeparated) {
    return Arrays.stream(spaceSeparated.split(" "))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  @org.junit.jupiter.api.Test
  void requiredScopesWhenRoutedPathDiffersFromRawThenRoutedPathMatched() {
    RequestView routed =
        RequestView.builder("GET", "/app/mcp/%61dmin").routedPath("/mcp/admin").build();

    assertEquals(scopes("mcp:admin mcp:connect"), POLICY.requiredScopes(routed));
    assertEquals(
        scopes("mcp:admin mcp:connect"),
        POLICY.requiredScopes(RequestView.withMcpCall(routed, "ping", null)));
  }

  @org.junit.jupiter.api.Test
  void dependsOnPathWhenPathRuleThenTrueOtherwiseFalse() {
    assertEquals(true, POLICY.dependsOnPath());
    assertEquals(
        false,
        McpScopePolicy.builder().always("mcp").method("tools/list", "x").build().dependsOnPath());
  }
}
