package dev.tollgate.account.credits;

import org.jspecify.annotations.Nullable;

/**
 * Purchased credits per account: what tools charge for metered work, and what the entitlement gate
 * reads to admit a free account ({@link PurchasedCredits#directory}).
 *
 * <p>Balances never go below zero: a charge is taken whole, atomically, or refused, so concurrent
 * charges can neither lose an update nor overdraw. A charge with an idempotency key is taken at
 * most once per account and key; a retry gets the first result back. An account never granted
 * anything has a balance of zero. Store failures throw {@link
 * dev.tollgate.DependencyUnavailableException}.
 */
public interface CreditLedger {
  /**
   * The longest idempotency key accepted; generous for UUIDs and request ids, bounded for storage.
   */
  int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

  /** The longest account id accepted, matching the JDBC schema's column. */
  int MAX_ACCOUNT_ID_LENGTH = 255;

  /**
   * Takes {@code amount} (positive) from {@code accountId}'s balance, unless that would leave it
   * below zero.
   *
   * @param idempotencyKey when not null, a repeat of an accepted charge with this key is not taken
   *     again; keys are per account
   */
  Charge charge(String accountId, long amount, @Nullable String idempotencyKey);

  /** {@link #charge(String, long, String)} without an idempotency key. */
  default Charge charge(String accountId, long amount) {
    return charge(accountId, amount, null);
  }

  /** The current balance, zero for an unknown account. */
  long balance(String accountId);

  /**
   * Adds {@code amount} (positive) to the balance, e.g. after a purchase; returns the new balance.
   *
   * @throws ArithmeticException when the balance would overflow
   */
  long grant(String accountId, long amount);

  /** A thread-safe ledger in memory, for tests and single-node development. */
  static CreditLedger inMemory() {
    return new InMemoryCreditLedger();
  }
}
