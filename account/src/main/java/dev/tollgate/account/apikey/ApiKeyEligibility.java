package dev.tollgate.account.apikey;

import dev.tollgate.Entitlement;

/**
 * Whether an account may hold an API key. The product rule is that a free account living on its
 * monthly allocation alone may not; the account/plan module supplies the real policy.
 *
 * <p>A refusal's {@link Entitlement#description()} is shown to the person asking, with its upgrade
 * link if any.
 */
@FunctionalInterface
public interface ApiKeyEligibility {

  /**
   * The verdict for {@code accountId}.
   *
   * @throws dev.tollgate.DependencyUnavailableException when the account store cannot answer
   */
  Entitlement check(String accountId);

  /** Lets every account hold a key. */
  static ApiKeyEligibility allowAll() {
    return accountId -> Entitlement.granted();
  }
}
