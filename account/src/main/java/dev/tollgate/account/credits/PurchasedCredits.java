package dev.tollgate.account.credits;

import dev.tollgate.entitlement.AccountDirectory;
import java.util.Objects;

/** Purchased credits as the gate's entitlement step sees them: on each account it looks up. */
public final class PurchasedCredits {
  private PurchasedCredits() {}

  /**
   * {@code directory}, with each account's purchased credits read live from {@code ledger}, so that
   * a free account whose credits are spent is refused on its very next request. Put a cache under
   * this decorator ({@code PurchasedCredits.directory(CachingAccountDirectory..., ledger)}), not
   * over it, or the balance is only as fresh as the cache. Accounts on a paid plan are returned as
   * stored, without asking the ledger: their entitlement does not depend on credits, so a ledger
   * outage need not stop them.
   */
  public static AccountDirectory directory(AccountDirectory directory, CreditLedger ledger) {
    Objects.requireNonNull(directory, "directory == null");
    Objects.requireNonNull(ledger, "ledger == null");
    return accountId ->
        directory
            .find(accountId)
            .map(
                account ->
                    account.plan().paid()
                        ? account
                        : account.withPurchasedCredits(ledger.balance(account.id())));
  }
}
