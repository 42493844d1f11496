package dev.tollgate.example.demo;

import dev.tollgate.account.apikey.ApiKeyRefusedException;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.credits.Charge;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo accounts, a public contract of both example servers: {@code demo-pro} (professional),
 * {@code demo-enterprise} (enterprise), {@code demo-credits} (free, with purchased credits) and
 * {@code demo-free} (free, with only its monthly allocation, so it may neither call the MCP server
 * nor hold an API key).
 */
public final class DemoAccounts {
  public static final String PRO = "demo-pro";
  public static final String ENTERPRISE = "demo-enterprise";
  public static final String CREDITS = "demo-credits";
  public static final String FREE = "demo-free";

  /** The largest charge the {@code charge_credits} tool accepts. */
  public static final long MAX_CHARGE = 1_000;

  /** Each account, with the purchased credits it is topped up to at start-up. */
  public static final List<Account> ACCOUNTS =
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
  public static void seedCredits(CreditLedger ledger) {
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
  public static Map<String, Optional<String>> issueKeys(ApiKeyService keys) {
    Map<String, Optional<String>> issued = new LinkedHashMap<>();
    for (Account account : ACCOUNTS) {
      issued.put(account.id(), issueKey(keys, account.id()));
    }
    return issued;
  }

  /** Issues (or renews) {@code accountId}'s API key; empty when the account may not hold one. */
  public static Optional<String> issueKey(ApiKeyService keys, String accountId) {
    try {
      return Optional.of(keys.create(accountId).key());
    } catch (ApiKeyRefusedException e) {
      if (e.reason() == ApiKeyRefusedException.Reason.ALREADY_EXISTS) {
        return Optional.of(keys.renew(accountId).key());
      }
      return Optional.empty();
    }
  }

  /**
   * The {@code charge_credits} tool's structured result: the account, whether the charge was
   * accepted, whether it replayed an earlier one with the same idempotency key, and the balance.
   */
  public static Map<String, Object> chargeResult(String accountId, Charge charge) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("account", accountId);
    result.put("accepted", charge.accepted());
    result.put("replayed", charge.replayed());
    result.put("balance", charge.balance());
    return result;
  }

  /** The text of a refused charge. */
  public static String notEnoughCredits(Charge charge) {
    return "Not enough purchased credits: balance " + charge.balance();
  }
}
