package dev.tollgate.revocation;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change to a registry: a revocation, a disconnection, a reconnection, or the lifting of an
 * entry. The JDBC registry stores each change as one row and every node folds the rows, in id
 * order, into its {@link RevocationSnapshot}.
 *
 * @param at the revocation instant (for a reconnection: when the person reconnected, and only
 *     entries revoked at or before it are reconnected; for a lift: when it was lifted, for the
 *     record only)
 */
record RevocationChange(String accountId, @Nullable String clientId, Instant at, Kind kind) {

  /** What a change does to its entry; the codes are stored in the JDBC table. */
  enum Kind {
    /** Refuses credentials issued at or before the instant; the latest instant wins. */
    REVOKE(0),
    /** As {@link #REVOKE}, and keeps the client out until re-approval or reconnection. */
    DISCONNECT(1),
    /** Ends the {@link #DISCONNECT} part of an entry revoked at or before the instant. */
    RECONNECT(2),
    /** Removes the entry. */
    LIFT(3);

    final int code;

    Kind(int code) {
      this.code = code;
    }

    static Kind of(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown revocation change kind " + code);
    }
  }

  /** Identifiers go into a VARCHAR(255) column; longer ones are a caller bug, not data to cut. */
  static final int MAX_ID_LENGTH = 255;

  RevocationChange {
    requireId(accountId, "accountId");
    if (clientId != null) {
      requireId(clientId, "clientId");
    }
    at = Revocation.ceilToMillis(Objects.requireNonNull(at, "at == null"));
    Objects.requireNonNull(kind, "kind == null");
    if (clientId == null && (kind == Kind.DISCONNECT || kind == Kind.RECONNECT)) {
      throw new IllegalArgumentException(kind + " needs a client id");
    }
  }

  static RevocationChange revoke(String accountId, @Nullable String clientId, Instant at) {
    return new RevocationChange(accountId, clientId, at, Kind.REVOKE);
  }

  static RevocationChange disconnect(String accountId, String clientId, Instant at) {
    return new RevocationChange(accountId, clientId, at, Kind.DISCONNECT);
  }

  static RevocationChange reconnect(String accountId, String clientId, Instant at) {
    return new RevocationChange(accountId, clientId, at, Kind.RECONNECT);
  }

  static RevocationChange lift(String accountId, @Nullable String clientId, Instant at) {
    return new RevocationChange(accountId, clientId, at, Kind.LIFT);
  }

  boolean lift() {
    return kind == Kind.LIFT;
  }

  private static void requireId(String id, String name) {
    Objects.requireNonNull(id, name + " == null");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          name + " must have 1 to " + MAX_ID_LENGTH + " characters, had " + id.length());
    }
  }
}
