package dev.tollgate.example;

import dev.tollgate.account.apikey.ApiKeyRefusedException;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.apikey.IssuedApiKey;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo accounts, a public contract: {@code demo-pro} (professional), {@code demo-enterprise}
 * (enterprise), {@code demo-credits} (free, with purchased credits) and {@code demo-free} (free,
 * with only its monthly allocation, so it may neither call the MCP server nor hold an API key).
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

  /**
   * Tops each account's balance up to its demo amount. With a shared database this runs at every
   * start, so the balances never run dry for good; it never takes anything away.
   */
  static void seedCredits(CreditLedger ledger) {
    for (Account account : ACCOUNTS) {
      long missing = account.purchasedCredits() - ledger.balance(account.id());
      if (missing > 0) {
        ledger.grant(account.id(), missing);
      }
    }
  }

  /**
   * Issues each account an API key, renewing one left in a persistent store by an earlier run, and
   * returns account id to plaintext key, in {@link #ACCOUNTS} order; an account the service refuses
   * maps to empty.
   */
  static Map<String, Optional<String>> issueKeys(ApiKeyService keys) {
    Map<String, Optional<String>> issued = new LinkedHashMap<>();
    for (Account account : ACCOUNTS) {
      issued.put(account.id(), issue(keys, account.id()).map(IssuedApiKey::key));
    }
    return issued;
  }

  private static Optional<IssuedApiKey> issue(ApiKeyService keys, String accountId) {
    try {
      return Optional.of(keys.create(accountId));
    } catch (ApiKeyRefusedException e) {
      if (e.reason() == ApiKeyRefusedException.Reason.ALREADY_EXISTS) {
        return Optional.of(keys.renew(accountId));
      }
      return Optional.empty();
    }
  }
}
