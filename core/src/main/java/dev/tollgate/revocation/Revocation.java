package dev.tollgate.revocation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link RevocationRegistry}: credentials of {@code accountId} (through {@code
 * clientId}, or through any client when it is {@code null}) issued at or before {@code revokedAt}
 * are refused.
 *
 * @param accountId the revoked account
 * @param clientId the revoked OAuth client ({@code client_id}) of that account, or {@code null} for
 *     the whole account
 * @param revokedAt the revocation instant, at millisecond precision (see {@link
 *     RevocationRegistry#revokeAccount(String, Instant)})
 * @param untilReconnected whether the client stays refused, whatever its credentials' {@code iat},
 *     until the person approves it again ({@code auth_time} after {@code revokedAt}) or reconnects
 *     it ({@link RevocationRegistry#disconnectClient(String, String, Instant)})
 */
public record Revocation(
    String accountId, @Nullable String clientId, Instant revokedAt, boolean untilReconnected) {

  public Revocation {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(revokedAt, "revokedAt == null");
    if (untilReconnected && clientId == null) {
      throw new IllegalArgumentException("only a client's entry can last until it is reconnected");
    }
  }

  /** An entry that refuses only credentials issued at or before {@code revokedAt}. */
  public Revocation(String accountId, @Nullable String clientId, Instant revokedAt) {
    this(accountId, clientId, revokedAt, false);
  }

  /** Whether this entry covers every client of the account. */
  public boolean coversWholeAccount() {
    return clientId == null;
  }

  /**
   * The instant a registry keeps for a revocation at {@code at}: rounded up to the millisecond, the
   * precision every store keeps. Rounding up can only refuse a credential more, never let one
   * through. Callers that show the instant (e.g. a disconnection's {@code disconnected_at}) use
   * this so that what they show is what was stored.
   *
   * @throws IllegalArgumentException when {@code at} is beyond what milliseconds since the epoch
   *     can hold
   */
  public static Instant ceilToMillis(Instant at) {
    Objects.requireNonNull(at, "at == null");
    try {
      Instant truncated = at.truncatedTo(ChronoUnit.MILLIS);
      Instant rounded = truncated.equals(at) ? at : truncated.plusMillis(1);
      return Instant.ofEpochMilli(rounded.toEpochMilli());
    } catch (ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException("at is out of range: " + at, e);
    }
  }
}
