package dev.tollgate.spring.example;

import dev.tollgate.account.apikey.ApiKeyRefusedException;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.Plan;
import java.util.List;
import java.util.Optional;

/**
 * The demo accounts, the same public contract as the Tomcat example's: {@code demo-pro}
 * (professional), {@code demo-enterprise} (enterprise), {@code demo-credits} (free, with purchased
 * credits) and {@code demo-free} (free, with only its monthly allocation: no MCP, no API key).
 */
final class DemoAccounts {
  static final String PRO = "demo-pro";
  static final String ENTERPRISE = "demo-enterprise";
  static final String CREDITS = "demo-credits";
  static final String FREE = "demo-free";

  /** Each account, with the purchased credits it is topped up to at start-up. */
  static final List<Account> ACCOUNTS =
      List.of(
          new Account(PRO, Plan.PROFESSIONAL, 1_000, 0),
          new Account(ENTERPRISE, Plan.ENTERPRISE, 10_000, 0),
          new Account(CREDITS, Plan.FREE, 100, 50),
          new Account(FREE, Plan.FREE, 0, 50));

  private DemoAccounts() {}

  /** Tops each account's balance up to its demo amount; never takes anything away. */
  static void seedCredits(CreditLedger ledger) {
    for (Account account : ACCOUNTS) {
      long missing = account.purchasedCredits() - ledger.balance(account.id());
      if (missing > 0) {
        ledger.grant(account.id(), missing);
      }
    }
  }

  /** Issues (or renews) {@code accountId}'s API key; empty when the account may not hold one. */
  static Optional<String> issueKey(ApiKeyService keys, String accountId) {
    try {
      return Optional.of(keys.create(accountId).key());
    } catch (ApiKeyRefusedException e) {
      if (e.reason() == ApiKeyRefusedException.Reason.ALREADY_EXISTS) {
        return Optional.of(keys.renew(accountId).key());
      }
      return Optional.empty();
    }
  }
}
