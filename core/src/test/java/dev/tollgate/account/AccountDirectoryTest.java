package dev.tollgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.credits.Charge;
import dev.tollgate.credits.CreditLedger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AccountDirectoryTest {

  @Test
  void inMemoryWhenKnownAndUnknownThenFoundOrEmpty() {
    AccountDirectory directory = AccountDirectory.inMemory(new Account("a", Plan.FREE, 1, 2));

    assertEquals(new Account("a", Plan.FREE, 1, 2), directory.find("a").orElseThrow());
    assertTrue(directory.find("b").isEmpty());
  }

  @Test
  void inMemoryWhenDuplicateIdsThenRejected() {
    assertThrows(
        IllegalStateException.class,
        () ->
            AccountDirectory.inMemory(
                new Account("a", Plan.FREE, 0, 0), new Account("a", Plan.ENTERPRISE, 0, 0)));
  }

  @Test
  void withPurchasedCreditsFromWhenLedgerChangesThenBalanceReadLive() {
    CreditLedger ledger = CreditLedger.inMemory();
    AccountDirectory directory =
        AccountDirectory.withPurchasedCreditsFrom(
            AccountDirectory.inMemory(new Account("a", Plan.FREE, 999, 0)), ledger);

    assertEquals(0, directory.find("a").orElseThrow().purchasedCredits(), "ledger, not stored value");
    ledger.grant("a", 3);
    assertEquals(3, directory.find("a").orElseThrow().purchasedCredits());
    ledger.charge("a", 3);
    assertEquals(0, directory.find("a").orElseThrow().purchasedCredits());
    assertTrue(directory.find("b").isEmpty());
  }

  @Test
  void withPurchasedCreditsFromWhenLedgerDownThenDependencyUnavailable() {
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
        AccountDirectory.withPurchasedCreditsFrom(
            AccountDirectory.inMemory(
                new Account("a", Plan.FREE, 0, 0), new Account("p", Plan.PROFESSIONAL, 4, 0)),
            down);

    assertThrows(DependencyUnavailableException.class, () -> directory.find("a"));
    assertEquals(4, directory.find("p").orElseThrow().purchasedCredits(), "paid: ledger not needed");
  }
}
