package dev.tollgate.account.credits;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the ledgers, so every implementation refuses the same inputs. */
final class LedgerArguments {
  private LedgerArguments() {}

  static void validate(String accountId, long amount, @Nullable String idempotencyKey) {
    Objects.requireNonNull(accountId, "accountId == null");
    if (accountId.isEmpty() || accountId.length() > CreditLedger.MAX_ACCOUNT_ID_LENGTH) {
      throw new IllegalArgumentException(
          "accountId must be 1 to " + CreditLedger.MAX_ACCOUNT_ID_LENGTH + " characters");
    }
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive, was " + amount);
    }
    if (idempotencyKey != null
        && (idempotencyKey.isEmpty()
            || idempotencyKey.length() > CreditLedger.MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new IllegalArgumentException(
          "idempotencyKey must be 1 to " + CreditLedger.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
  }
}
