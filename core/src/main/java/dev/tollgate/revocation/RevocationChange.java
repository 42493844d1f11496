package dev.tollgate.revocation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change to a registry: a revocation, or the lifting of an entry. The JDBC registry stores
 * each change as one row and every node folds the rows, in id order, into its {@link
 * RevocationSnapshot}.
 *
 * @param at the revocation instant (for a lift: when it was lifted, for the record only)
 */
record RevocationChange(String accountId, @Nullable String clientId, Instant at, boolean lift) {

  /** Identifiers go into a VARCHAR(255) column; longer ones are a caller bug, not data to cut. */
  static final int MAX_ID_LENGTH = 255;

  RevocationChange {
    requireId(accountId, "accountId");
    if (clientId != null) {
      requireId(clientId, "clientId");
    }
    at = ceilToMillis(Objects.requireNonNull(at, "at == null"));
  }

  static RevocationChange revoke(String accountId, @Nullable String clientId, Instant at) {
    return new RevocationChange(accountId, clientId, at, false);
  }

  static RevocationChange lift(String accountId, @Nullable String clientId, Instant at) {
    return new RevocationChange(accountId, clientId, at, true);
  }

  private static void requireId(String id, String name) {
    Objects.requireNonNull(id, name + " == null");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          name + " must have 1 to " + MAX_ID_LENGTH + " characters, had " + id.length());
    }
  }

  /**
   * Rounds up to the millisecond, the precision every store keeps: rounding up can only refuse a
   * credential more, never let one through.
   */
  static Instant ceilToMillis(Instant at) {
    Instant truncated = at.truncatedTo(ChronoUnit.MILLIS);
    Instant rounded = truncated.equals(at) ? at : truncated.plusMillis(1);
    try {
      rounded.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("at is out of range: " + at, e);
    }
    return rounded;
  }
}
