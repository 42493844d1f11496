package dev.tollgate.config;

import dev.tollgate.Entitlement;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import java.util.Set;

/**
 * The {@code tool-plans} setting as a policy: a call of a listed tool is judged by {@code plans}
 * (an {@link AccountEntitlementPolicy} reading the plan from token claims); every other request is
 * admitted, since settings configure no general plan or credit rule (that needs an account
 * directory, given in code).
 */
final class ToolPlanEntitlement implements EntitlementPolicy {
  private static final String TOOLS_CALL = "tools/call";

  private final Set<String> tools;
  private final AccountEntitlementPolicy plans;

  ToolPlanEntitlement(Set<String> tools, AccountEntitlementPolicy plans) {
    this.tools = Set.copyOf(tools);
    this.plans = plans;
  }

  @Override
  public Entitlement check(TollgatePrincipal principal, RequestView request) {
    String tool = TOOLS_CALL.equals(request.mcpMethod()) ? request.mcpToolName() : null;
    return tool != null && tools.contains(tool)
        ? plans.check(principal, request)
        : Entitlement.granted();
  }

  /** Always: the verdict depends on the tool called. */
  @Override
  public boolean needsMcpCall() {
    return true;
  }
}
