package dev.tollgate.entitlement;

import java.util.Objects;

/**
 * An account as the entitlement gate sees it.
 *
 * @param id the account id, as in {@link dev.tollgate.TollgatePrincipal#accountId()}
 * @param plan the account's plan
 * @param purchasedCredits credits bought on top of the plan; a free account with some may use the
 *     MCP server
 * @param monthlyAllocation what remains of the plan's monthly allocation; it does not by itself
 *     entitle a free account (it exists to let people try the product in the web UI)
 */
public record Account(String id, Plan plan, long purchasedCredits, long monthlyAllocation) {

  public Account {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(plan, "plan == null");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id is empty");
    }
    if (purchasedCredits < 0) {
      throw new IllegalArgumentException("purchasedCredits must not be negative");
    }
    if (monthlyAllocation < 0) {
      throw new IllegalArgumentException("monthlyAllocation must not be negative");
    }
  }

  /** A copy with {@code purchasedCredits} replaced. */
  public Account withPurchasedCredits(long purchasedCredits) {
    return new Account(id, plan, purchasedCredits, monthlyAllocation);
  }
}
