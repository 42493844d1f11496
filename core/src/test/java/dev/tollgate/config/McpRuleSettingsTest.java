package dev.tollgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule keys of {@link TollgateSettings}: {@code method-scopes}, {@code tool-scopes}, {@code
 * tool-plans}.
 */
class McpRuleSettingsTest {
  private static final String RESOURCE = "https://mcp.example.com/mcp";
  private static final String UPGRADE = "https://example.com/account/";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void loadWhenRulesSeparatedBySemicolonsAndLineBreaksThenEveryEntryParsed() {
    TollgateSettings settings =
        load(
            Map.of(
                "tool-scopes",
                    " charge_credits = mcp:credits ;\n\n admin.reset=mcp:admin, mcp:credits\r\nv2-echo=mcp;",
                "method-scopes", "tools/list=mcp:read\nresources/read=mcp:read mcp:files",
                "tool-plans", "enterprise_report=enterprise; pro_report=professional",
                "upgrade-uri", UPGRADE));

    assertEquals(
        Map.of(
            "charge_credits", Set.of("mcp:credits"),
            "admin.reset", Set.of("mcp:admin", "mcp:credits"),
            "v2-echo", Set.of("mcp")),
        settings.toolScopes());
    assertEquals(
        Map.of("tools/list", Set.of("mcp:read"), "resources/read", Set.of("mcp:read", "mcp:files")),
        settings.methodScopes());
    assertEquals(
        Map.of("enterprise_report", Plan.ENTERPRISE, "pro_report", Plan.PROFESSIONAL),
        settings.toolPlans());
    assertEquals("plan", settings.planClaim());
    assertEquals(URI.create(UPGRADE), settings.upgradeUri());
  }

  @Test
  void loadWhenNoRuleKeysThenNoRules() {
    TollgateSettings settings = load(Map.of());

    assertEquals(Map.of(), settings.toolScopes());
    assertEquals(Map.of(), settings.methodScopes());
    assertEquals(Map.of(), settings.toolPlans());
    assertNull(settings.upgradeUri());
  }

  static Stream<Arguments> hostileEntries() {
    String longName = "t".repeat(129);
    return Stream.of(
        row(
            "tool-scopes",
            "charge_credits",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge_credits': expected tool=SCOPE"),
        row(
            "tool-scopes",
            "=mcp",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry '=mcp': a tool name is 1 to 128"),
        row(
            "tool-scopes",
            "charge credits=mcp",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge credits=mcp': a tool name"),
        row(
            "tool-scopes",
            "tools/call=mcp",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'tools/call=mcp': a tool name"),
        row(
            "tool-scopes",
            "chärge=mcp",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'chärge=mcp': a tool name"),
        row(
            "tool-scopes",
            longName + "=mcp",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry '" + longName + "=mcp': a tool name"),
        row(
            "tool-scopes",
            "charge_credits=",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge_credits=': at least one scope"),
        row(
            "tool-scopes",
            "charge_credits= , ",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge_credits= ,': at least one scope"),
        row(
            "tool-scopes",
            "charge_credits=mcp\"credits",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge_credits=mcp\"credits': not a valid scope token"),
        row(
            "tool-scopes",
            "charge_credits=mcp\\x",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge_credits=mcp\\x': not a valid scope token"),
        row(
            "tool-scopes",
            "charge_credits=a=b",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'charge_credits=a=b': not a valid scope token"),
        row(
            "tool-scopes",
            "a=mcp; a=mcp:credits",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): bad entry 'a=mcp:credits': the tool 'a' is given more than once"),
        row(
            "tool-scopes",
            "a=mcp\u0000",
            "TOLLGATE_TOOL_SCOPES (tool-scopes): must not contain control characters"),
        row(
            "method-scopes",
            "/tools/list=mcp",
            "TOLLGATE_METHOD_SCOPES (method-scopes): bad entry '/tools/list=mcp': a method name"),
        row(
            "method-scopes",
            "tools//list=mcp",
            "TOLLGATE_METHOD_SCOPES (method-scopes): bad entry 'tools//list=mcp': a method name"),
        row(
            "method-scopes",
            "tools/list/=mcp",
            "TOLLGATE_METHOD_SCOPES (method-scopes): bad entry 'tools/list/=mcp': a method name"),
        row(
            "method-scopes",
            "tools/list mcp",
            "TOLLGATE_METHOD_SCOPES (method-scopes): bad entry 'tools/list mcp': expected method=SCOPE"),
        row(
            "tool-plans",
            "enterprise_report=gold",
            "TOLLGATE_TOOL_PLANS (tool-plans): bad entry 'enterprise_report=gold': the plan must be one of [enterprise, professional]"),
        row(
            "tool-plans",
            "enterprise_report=free",
            "TOLLGATE_TOOL_PLANS (tool-plans): bad entry 'enterprise_report=free': the plan must be one of"),
        row(
            "tool-plans",
            "enterprise_report=Enterprise",
            "TOLLGATE_TOOL_PLANS (tool-plans): bad entry 'enterprise_report=Enterprise': the plan must be one of"),
        row(
            "tool-plans",
            "enterprise_report=enterprise professional",
            "TOLLGATE_TOOL_PLANS (tool-plans): bad entry 'enterprise_report=enterprise professional': the plan must be one of"),
        row(
            "tool-plans",
            "enterprise_report",
            "TOLLGATE_TOOL_PLANS (tool-plans): bad entry 'enterprise_report': expected tool=PLAN"),
        row(
            "upgrade-uri",
            "javascript:alert(1)",
            "TOLLGATE_UPGRADE_URI (upgrade-uri): must be an absolute http(s) URL"),
        row(
            "upgrade-uri",
            "/account/",
            "TOLLGATE_UPGRADE_URI (upgrade-uri): must be an absolute http(s) URL"));
  }

  @ParameterizedTest(name = "[{index}] {0}={1}")
  @MethodSource("hostileEntries")
  void loadWhenHostileEntryThenFailureNamesKeyAndEntry(
      String key, String value, String messageStart) {
    Map<String, String> values = new HashMap<>();
    values.put(key, value);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(values));

    assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
  }

  @Test
  void loadWhenPlanClaimWithoutToolPlansThenFailureNamesBoth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("plan-claim", "tier")));

    assertTrue(
        e.getMessage()
            .startsWith(
                "TOLLGATE_PLAN_CLAIM (plan-claim): is set but TOLLGATE_TOOL_PLANS (tool-plans) is not"),
        e.getMessage());
  }

  @Test
  void decideWhenToolNeedsScopeNotGrantedThen403NamingEveryScopeNeeded() throws Exception {
    Tollgate gate =
        gate(
            Map.of("scopes", "mcp", "tool-scopes", "charge_credits=mcp:credits"),
            principal(Set.of("mcp"), null));

    Decision refused = gate.decide(call("tools/call", "charge_credits"));
    Decision other = gate.decide(call("tools/call", "whoami"));

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, refused);
    assertEquals(403, challenge.status());
    assertTrue(
        challenge.wwwAuthenticate().contains("error=\"insufficient_scope\""),
        challenge.wwwAuthenticate());
    assertTrue(
        challenge.wwwAuthenticate().contains("scope=\"mcp mcp:credits\""),
        challenge.wwwAuthenticate());
    assertInstanceOf(Decision.Allow.class, other);
    assertTrue(gate.needsMcpCall());
  }

  @Test
  void decideWhenToolScopeGrantedThenAllowed() {
    Tollgate gate =
        gate(
            Map.of("scopes", "mcp", "tool-scopes", "charge_credits=mcp:credits"),
            principal(Set.of("mcp", "mcp:credits"), null));

    assertInstanceOf(Decision.Allow.class, gate.decide(call("tools/call", "charge_credits")));
  }

  @Test
  void decideWhenMethodNeedsScopeNotGrantedThen403() {
    Tollgate gate =
        gate(Map.of("method-scopes", "tools/list=mcp:read"), principal(Set.of("mcp"), null));

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(call("tools/list", null)));

    assertEquals(403, challenge.status());
    assertTrue(
        challenge.wwwAuthenticate().contains("scope=\"mcp:read\""), challenge.wwwAuthenticate());
    assertInstanceOf(Decision.Allow.class, gate.decide(call("initialize", null)));
  }

  @Test
  void metadataWhenRulesThenRuleScopesAdvertised() throws Exception {
    Tollgate gate =
        gate(
            Map.of(
                "scopes",
                "mcp",
                "tool-scopes",
                "charge_credits=mcp:credits",
                "method-scopes",
                "tools/list=mcp:read"),
            principal(Set.of("mcp"), null));

    Set<String> advertised = new HashSet<>();
    JSON.readTree(gate.metadataJson())
        .get("scopes_supported")
        .forEach(scope -> advertised.add(scope.asText()));

    assertEquals(Set.of("mcp", "mcp:credits", "mcp:read"), advertised);
  }

  @Test
  void decideWhenToolNeedsPlanAndTokenHasNoPlanClaimThen403EntitlementRequiredWithUpgradeLink()
      throws Exception {
    Tollgate gate =
        gate(
            Map.of("tool-plans", "enterprise_report=enterprise", "upgrade-uri", UPGRADE),
            principal(Set.of("mcp"), null));

    Decision.Challenge challenge =
        assertInstanceOf(
            Decision.Challenge.class, gate.decide(call("tools/call", "enterprise_report")));

    assertEquals(403, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    JsonNode body = JSON.readTree(challenge.jsonBody());
    assertEquals("entitlement_required", body.get("error").asText());
    assertEquals(UPGRADE, body.get("upgrade_uri").asText());
    assertInstanceOf(Decision.Allow.class, gate.decide(call("tools/call", "whoami")));
    assertInstanceOf(Decision.Allow.class, gate.decide(call("initialize", null)));
  }

  @Test
  void decideWhenPlanClaimBelowToolPlanThen403AndAtItThenAllowed() throws Exception {
    Map<String, String> rules =
        Map.of("tool-plans", "enterprise_report=enterprise", "plan-claim", "tier");

    Decision lower =
        gate(rules, principal(Set.of("mcp"), "professional"))
            .decide(call("tools/call", "enterprise_report"));
    Decision enough =
        gate(rules, principal(Set.of("mcp"), "enterprise"))
            .decide(call("tools/call", "enterprise_report"));

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, lower);
    assertEquals(403, challenge.status());
    assertTrue(
        JSON.readTree(challenge.jsonBody())
            .get("error_description")
            .asText()
            .contains("enterprise plan"));
    assertInstanceOf(Decision.Allow.class, enough);
  }

  private static Tollgate gate(Map<String, String> values, TollgatePrincipal principal) {
    return load(values)
        .configure(Tollgate.builder())
        .resolver(credential -> Resolution.resolved(principal))
        .build();
  }

  /**
   * A principal with {@code scopes} and, unless null, the plan in claims {@code plan} and {@code
   * tier}.
   */
  private static TollgatePrincipal principal(Set<String> scopes, @Nullable String plan) {
    TollgatePrincipal.Builder builder = TollgatePrincipal.builder("acct-1").scopes(scopes);
    if (plan != null) {
      builder.attributes(Map.of("plan", plan, "tier", plan));
    }
    return builder.build();
  }

  private static RequestView call(String method, @Nullable String tool) {
    return call(method, tool, "some-token");
  }

  private static RequestView call(String method, @Nullable String tool, String token) {
    return RequestView.withMcpCall(
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null),
        method,
        tool);
  }

  private static Arguments row(String key, String value, String messageStart) {
    return Arguments.of(key, value, messageStart);
  }

  private static TollgateSettings load(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("resource", RESOURCE);
    return TollgateSettings.load(SettingSource.of(all));
  }
}
