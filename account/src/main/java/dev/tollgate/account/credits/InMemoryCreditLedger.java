package dev.tollgate.account.credits;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link CreditLedger#inMemory()}: one lock per account via {@link ConcurrentHashMap#compute}. */
final class InMemoryCreditLedger implements CreditLedger {
  private final ConcurrentHashMap<String, Balance> balances = new ConcurrentHashMap<>();

  /** Mutable only inside {@code compute}, which holds the account's bin lock. */
  private static final class Balance {
    long amount;
    final Map<String, Long> charges = new HashMap<>();
  }

  @Override
  public Charge charge(String accountId, long amount, @Nullable String idempotencyKey) {
    LedgerArguments.validate(accountId, amount, idempotencyKey);
    Charge[] result = new Charge[1];
    balances.compute(
        accountId,
        (id, balance) -> {
          Balance current = balance != null ? balance : new Balance();
          Long earlier = idempotencyKey != null ? current.charges.get(idempotencyKey) : null;
          if (earlier != null) {
            result[0] = Charge.replayed(earlier);
          } else if (current.amount < amount) {
            result[0] = Charge.refused(current.amount);
          } else {
            current.amount -= amount;
            if (idempotencyKey != null) {
              current.charges.put(idempotencyKey, current.amount);
            }
            result[0] = Charge.accepted(current.amount);
          }
          // A refused charge to an unknown account leaves no entry behind.
          return balance == null && !result[0].accepted() ? null : current;
        });
    return result[0];
  }

  @Override
  public long balance(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    long[] result = new long[1];
    balances.computeIfPresent(
        accountId,
        (id, balance) -> {
          result[0] = balance.amount;
          return balance;
        });
    return result[0];
  }

  @Override
  public long grant(String accountId, long amount) {
    LedgerArguments.validate(accountId, amount, null);
    long[] result = new long[1];
    balances.compute(
        accountId,
        (id, balance) -> {
          Balance current = balance != null ? balance : new Balance();
          current.amount = Math.addExact(current.amount, amount);
          result[0] = current.amount;
          return current;
        });
    return result[0];
  }
}
