package dev.tollgate.account.connections;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One OAuth client that has used an account: what the account page lists under "connected apps".
 *
 * @param accountId the account the client acted for
 * @param clientId the client's {@code client_id} (RFC 6749 §2.2)
 * @param firstUsedAt when a request of this client for this account was first recorded
 * @param lastUsedAt when one was last recorded, at the recorder's throttled precision
 * @param scopes every scope seen on this client's tokens for this account (the union), sorted
 */
public record ConnectedClient(
    String accountId,
    String clientId,
    Instant firstUsedAt,
    Instant lastUsedAt,
    Set<String> scopes) {

  /** Account ids are at most 255 characters: the width of the JDBC store's column. */
  public static final int MAX_ACCOUNT_ID_LENGTH = 255;

  /**
   * Client ids are at most 255 characters: the JDBC column's width, and more than any authorization
   * server issues (MCP client metadata URLs included) while keeping rows small.
   */
  public static final int MAX_CLIENT_ID_LENGTH = 255;

  public ConnectedClient {
    requireAccountId(accountId);
    requireClientId(clientId);
    Objects.requireNonNull(firstUsedAt, "firstUsedAt == null");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt == null");
    scopes =
        Collections.unmodifiableSortedSet(
            new TreeSet<>(Objects.requireNonNull(scopes, "scopes == null")));
  }

  /**
   * Whether {@code clientId} can be stored: 1 to {@value #MAX_CLIENT_ID_LENGTH} visible ASCII
   * characters ({@code %x21-7E}). RFC 6749 allows spaces too; no real client id has one, and
   * refusing them keeps ids unambiguous in URLs and logs.
   */
  public static boolean isValidClientId(String clientId) {
    Objects.requireNonNull(clientId, "clientId == null");
    if (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < clientId.length(); i++) {
      char c = clientId.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code accountId} can be stored: 1 to 255 characters, not blank. */
  public static boolean isValidAccountId(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return !accountId.isBlank() && accountId.length() <= MAX_ACCOUNT_ID_LENGTH;
  }

  static String requireAccountId(String accountId) {
    if (!isValidAccountId(accountId)) {
      throw new IllegalArgumentException(
          "accountId must be 1 to " + MAX_ACCOUNT_ID_LENGTH + " characters and not blank");
    }
    return accountId;
  }

  static String requireClientId(String clientId) {
    if (!isValidClientId(clientId)) {
      throw new IllegalArgumentException(
          "clientId must be 1 to " + MAX_CLIENT_ID_LENGTH + " visible ASCII characters");
    }
    return clientId;
  }
}
