package dev.tollgate.account.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.Plan;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PurchasedCreditsTest {

  @Test
  void directoryWhenLedgerChangesThenBalanceReadLive() {
    CreditLedger ledger = CreditLedger.inMemory();
    AccountDirectory directory =
        PurchasedCredits.directory(
            AccountDirectory.inMemory(new Account("a", Plan.FREE, 999, 0)), ledger);

    assertEquals(
        0, directory.find("a").orElseThrow().purchasedCredits(), "ledger, not stored value");
    ledger.grant("a", 3);
    assertEquals(3, directory.find("a").orElseThrow().purchasedCredits());
    ledger.charge("a", 3);
    assertEquals(0, directory.find("a").orElseThrow().purchasedCredits());
    assertTrue(directory.find("b").isEmpty());
  }

  @Test
  void directoryWhenLedgerDownThenDependencyUnavailable() {
    CreditLedger down =
        new CreditLedger() {
          @Override
          public Charge charge(String accountId, long amount, @Nullable String idempotencyKey) {
            throw new DependencyUnavailableException("credit-ledger", null);
          }

          @Override
          public long balance(String accountId) {
            throw new DependencyUnavailableException("credit-ledger", null);
          }

          @Override
          public long grant(String accountId, long amount) {
            throw new DependencyUnavailableException("credit-ledger", null);
          }
        };
    AccountDirectory directory =
        PurchasedCredits.directory(
            AccountDirectory.inMemory(
                new Account("a", Plan.FREE, 0, 0), new Account("p", Plan.PROFESSIONAL, 4, 0)),
            down);

    assertThrows(DependencyUnavailableException.class, () -> directory.find("a"));
    assertEquals(
        4, directory.find("p").orElseThrow().purchasedCredits(), "paid: ledger not needed");
  }
}
