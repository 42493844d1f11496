package dev.tollgate.config;

import static dev.tollgate.config.TollgateSettings.METHOD_SCOPES;
import static dev.tollgate.config.TollgateSettings.PLAN_CLAIM;
import static dev.tollgate.config.TollgateSettings.TOOL_PLANS;
import static dev.tollgate.config.TollgateSettings.TOOL_SCOPES;
import static dev.tollgate.config.TollgateSettings.UPGRADE_URI;

import dev.tollgate.EntitlementPolicy;
import dev.tollgate.ScopePolicy;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.entitlement.AccountClaims;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.mcp.McpCallParser;
import dev.tollgate.scope.McpScopePolicy;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The per-call rules of {@link TollgateSettings}: scopes per MCP method ({@code method-scopes}) and
 * per tool ({@code tool-scopes}), the plan a tool needs ({@code tool-plans}, read from the token
 * claim {@code plan-claim}), and the {@code upgrade-uri} sent with a refusal.
 *
 * <p>The three rule keys share one grammar: entries separated by {@code ;} or line breaks, each
 * {@code NAME=VALUE}; scope values are one or more scope tokens separated by spaces or commas
 * ({@code charge_credits=mcp:credits; tools/list=mcp:read mcp}), a plan value is one plan name
 * ({@code enterprise_report=enterprise}). Names are checked as strictly as {@link McpCallParser}
 * reads them from a request, so a rule can never name a tool no request could call: a tool name is
 * 1 to 128 of {@code A-Z a-z 0-9 _ - .} (the MCP tool-name alphabet), a method the same with {@code
 * /} between segments. A name given twice is refused rather than merged, since one of the two
 * entries is then a mistake.
 */
final class McpRuleSettings {
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
  private static final Pattern SCOPE_SEPARATOR = Pattern.compile("[\\s,]+");

  /** Claim names are JSON member names; printable ASCII keeps them loggable and unambiguous. */
  private static final Pattern CLAIM_NAME = Pattern.compile("[\\x21-\\x7E]{1,256}");

  /**
   * The plans a tool may require. {@code free} is left out: every account has at least that plan,
   * so such a rule would only ever refuse free accounts without credits, which is not what it says.
   */
  private static final Map<String, Plan> PLANS =
      Map.of(Plan.PROFESSIONAL.name(), Plan.PROFESSIONAL, Plan.ENTERPRISE.name(), Plan.ENTERPRISE);

  final Map<String, Set<String>> methodScopes;
  final Map<String, Set<String>> toolScopes;
  final Map<String, Plan> toolPlans;
  final String planClaim;
  final @Nullable URI upgradeUri;

  McpRuleSettings(SettingReader in) {
    this.methodScopes = rules(in, METHOD_SCOPES, METHOD_NAME, "method", value -> scopes(value));
    this.toolScopes = rules(in, TOOL_SCOPES, TOOL_NAME, "tool", value -> scopes(value));
    this.toolPlans = rules(in, TOOL_PLANS, TOOL_NAME, "tool", McpRuleSettings::plan);
    String claim = in.string(PLAN_CLAIM);
    if (claim != null
        && toolPlans.isEmpty()
        && in.string(RateLimitSettings.RATE_LIMITS) == null
        && in.string(RateLimitSettings.CONCURRENCY_LIMITS) == null) {
      throw SettingReader.failure(
          PLAN_CLAIM,
          "is set but "
              + SettingReader.label(TOOL_PLANS)
              + " is not; it names the claim tool plans are read from");
    }
    if (claim != null && !CLAIM_NAME.matcher(claim).matches()) {
      throw SettingReader.failure(
          PLAN_CLAIM,
          "must be 1 to 256 printable ASCII characters without spaces, was '" + claim + "'");
    }
    this.planClaim = claim != null ? claim : "plan";
    this.upgradeUri = in.url(UPGRADE_URI);
  }

  /** Whether a method or tool scope rule is configured. */
  boolean hasScopeRules() {
    return !methodScopes.isEmpty() || !toolScopes.isEmpty();
  }

  /** {@code always} for every request, plus the method and tool rules. */
  ScopePolicy scopePolicy(Set<String> always) {
    McpScopePolicy.Builder policy = McpScopePolicy.builder();
    if (!always.isEmpty()) {
      policy.always(always.toArray(String[]::new));
    }
    methodScopes.forEach((method, scopes) -> policy.method(method, scopes.toArray(String[]::new)));
    toolScopes.forEach((tool, scopes) -> policy.tool(tool, scopes.toArray(String[]::new)));
    return policy.build();
  }

  /** Every scope a rule names, to advertise in {@code scopes_supported}. */
  Set<String> ruleScopes() {
    Set<String> scopes = new TreeSet<>();
    methodScopes.values().forEach(scopes::addAll);
    toolScopes.values().forEach(scopes::addAll);
    return scopes;
  }

  /**
   * The plan rules as an entitlement policy, or {@code null} without {@code tool-plans}. The plan
   * comes from the token's {@code plan-claim} ({@link AccountClaims}): settings have no account
   * directory. Only calls of a listed tool are checked; there, a token without the claim, or with a
   * lower plan, is refused with {@code entitlement_required} and the {@code upgrade-uri}.
   */
  @Nullable EntitlementPolicy entitlementPolicy() {
    if (toolPlans.isEmpty()) {
      return null;
    }
    AccountEntitlementPolicy.Builder plans =
        AccountEntitlementPolicy.builder()
            .claims(AccountClaims.builder().planClaim(planClaim).build());
    toolPlans.forEach(plans::toolRequiresPlan);
    if (upgradeUri != null) {
      plans.upgradeUri(upgradeUri);
    }
    return new ToolPlanEntitlement(toolPlans.keySet(), plans.build());
  }

  private static <T> Map<String, T> rules(
      SettingReader in, String key, Pattern namePattern, String kind, Function<String, T> parse) {
    return in.namedEntries(
        key,
        kind + "=" + valueName(key),
        kind,
        name -> {
          if (name.length() > McpCallParser.MAX_NAME_LENGTH
              || !namePattern.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "a "
                    + kind
                    + " name is 1 to "
                    + McpCallParser.MAX_NAME_LENGTH
                    + " of A-Z a-z 0-9 _ - ."
                    + (kind.equals("method") ? " with / between segments" : ""));
          }
        },
        parse);
  }

  private static Set<String> scopes(String value) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String scope : SCOPE_SEPARATOR.split(value, -1)) {
      if (scope.isEmpty()) {
        continue;
      }
      // '=' is a legal scope character, but in a rule it can only be a typo ("a=b=c").
      if (!BearerError.isScopeToken(scope) || scope.indexOf('=') >= 0) {
        throw new IllegalArgumentException(
            "not a valid scope token (or one with '='): '" + scope + "'");
      }
      scopes.add(scope);
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope is required after '='");
    }
    return Set.copyOf(scopes);
  }

  private static Plan plan(String value) {
    Plan plan = PLANS.get(value);
    if (plan == null) {
      throw new IllegalArgumentException(
          "the plan must be one of "
              + List.copyOf(new TreeSet<>(PLANS.keySet()))
              + ", was '"
              + value
              + "'");
    }
    return plan;
  }

  private static String valueName(String key) {
    return key.equals(TOOL_PLANS) ? "PLAN" : "SCOPE [SCOPE ...]";
  }
}
