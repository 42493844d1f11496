package dev.tollgate.account.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link CreditLedger} must do; each implementation's test extends this. */
abstract class CreditLedgerContract {
  private static final int THREADS = 32;

  /** A ledger, empty for the accounts the test uses (tests use fresh account ids). */
  abstract CreditLedger ledger();

  private static String account() {
    return "acct-" + UUID.randomUUID();
  }

  @Test
  void balanceWhenAccountUnknownThenZero() {
    assertEquals(0, ledger().balance(account()));
  }

  @Test
  void grantWhenRepeatedThenBalanceAccumulates() {
    CreditLedger ledger = ledger();
    String account = account();

    assertEquals(10, ledger.grant(account, 10));
    assertEquals(15, ledger.grant(account, 5));
    assertEquals(15, ledger.balance(account));
  }

  @Test
  void chargeWhenEnoughThenTakenAndNewBalanceReturned() {
    CreditLedger ledger = ledger();
    String account = account();
    ledger.grant(account, 10);

    assertEquals(Charge.accepted(7), ledger.charge(account, 3));
    assertEquals(Charge.accepted(0), ledger.charge(account, 7));
    assertEquals(0, ledger.balance(account));
  }

  @Test
  void chargeWhenItWouldGoBelowZeroThenRefusedAndNothingTaken() {
    CreditLedger ledger = ledger();
    String account = account();
    ledger.grant(account, 5);

    assertEquals(Charge.refused(5), ledger.charge(account, 6));
    assertEquals(5, ledger.balance(account));
    assertEquals(Charge.refused(0), ledger.charge(account(), 1), "unknown account has nothing");
  }

  @Test
  void chargeWhenSameIdempotencyKeyRepeatedThenTakenOnce() {
    CreditLedger ledger = ledger();
    String account = account();
    ledger.grant(account, 10);

    assertEquals(Charge.accepted(6), ledger.charge(account, 4, "req-1"));
    Charge again = ledger.charge(account, 4, "req-1");

    assertTrue(again.accepted());
    assertTrue(again.replayed());
    assertEquals(6, again.balance(), "the first charge's result");
    assertEquals(6, ledger.balance(account));
    assertEquals(Charge.accepted(2), ledger.charge(account, 4, "req-2"));
  }

  @Test
  void chargeWhenIdempotencyKeyUsedByAnotherAccountThenIndependent() {
    CreditLedger ledger = ledger();
    String first = account();
    String second = account();
    ledger.grant(first, 5);
    ledger.grant(second, 5);

    ledger.charge(first, 1, "same-key");
    Charge charge = ledger.charge(second, 2, "same-key");

    assertEquals(Charge.accepted(3), charge);
  }

  @Test
  void chargeWhenRefusedWithKeyThenKeyNotConsumed() {
    CreditLedger ledger = ledger();
    String account = account();
    ledger.grant(account, 1);

    assertFalse(ledger.charge(account, 2, "req-1").accepted());
    ledger.grant(account, 1);

    assertEquals(Charge.accepted(0), ledger.charge(account, 2, "req-1"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void chargeAndGrantWhenAmountNotPositiveThenRejected(long amount) {
    CreditLedger ledger = ledger();
    assertThrows(IllegalArgumentException.class, () -> ledger.charge("a", amount));
    assertThrows(IllegalArgumentException.class, () -> ledger.grant("a", amount));
  }

  @Test
  void chargeWhenIdempotencyKeyEmptyOrTooLongThenRejected() {
    CreditLedger ledger = ledger();
    assertThrows(IllegalArgumentException.class, () -> ledger.charge("a", 1, ""));
    assertThrows(
        IllegalArgumentException.class,
        () -> ledger.charge("a", 1, "k".repeat(CreditLedger.MAX_IDEMPOTENCY_KEY_LENGTH + 1)));
    assertThrows(IllegalArgumentException.class, () -> ledger.charge("", 1));
  }

  @Test
  void grantWhenBalanceWouldOverflowThenArithmeticExceptionAndBalanceKept() {
    CreditLedger ledger = ledger();
    String account = account();
    ledger.grant(account, Long.MAX_VALUE - 1);

    assertThrows(ArithmeticException.class, () -> ledger.grant(account, 2));
    assertEquals(Long.MAX_VALUE - 1, ledger.balance(account));
  }

  @Test
  void chargeWhen32ThreadsChargeConcurrentlyThenBalanceExactAndNeverNegative() throws Exception {
    CreditLedger ledger = ledger();
    String account = account();
    int perThread = 10;
    // Enough for 250 of the 320 attempted charges: some must be refused.
    ledger.grant(account, 250);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  long accepted = 0;
                  long lowest = Long.MAX_VALUE;
                  for (int i = 0; i < perThread; i++) {
                    Charge charge = ledger.charge(account, 1);
                    if (charge.accepted()) {
                      accepted++;
                    }
                    lowest = Math.min(lowest, charge.balance());
                  }
                  return new long[] {accepted, lowest};
                }));
      }
      start.countDown();
      long accepted = 0;
      for (Future<long[]> future : futures) {
        long[] result = future.get(120, TimeUnit.SECONDS);
        accepted += result[0];
        assertTrue(result[1] >= 0, "a balance below zero was observed: " + result[1]);
      }

      assertEquals(250, accepted);
      assertEquals(0, ledger.balance(account));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void chargeWhen32ThreadsRetrySameKeyThenTakenOnce() throws Exception {
    CreditLedger ledger = ledger();
    String account = account();
    ledger.grant(account, 100);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Charge>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return ledger.charge(account, 7, "once");
                }));
      }
      start.countDown();
      int fresh = 0;
      for (Future<Charge> future : futures) {
        Charge charge = future.get(120, TimeUnit.SECONDS);
        assertEquals(93, charge.balance());
        assertTrue(charge.accepted());
        fresh += charge.replayed() ? 0 : 1;
      }

      assertEquals(1, fresh);
      assertEquals(93, ledger.balance(account));
    } finally {
      pool.shutdownNow();
    }
  }
}
