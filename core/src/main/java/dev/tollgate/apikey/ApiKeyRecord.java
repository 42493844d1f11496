package dev.tollgate.apikey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApiKeyStore} keeps of an account's API key: never the key, only its hash.
 *
 * @param accountId the owning account; at most one record per account
 * @param keyHash lowercase hex SHA-256 of the whole key ({@link ApiKey#sha256Hex()})
 * @param displayPrefix the non-secret {@link ApiKey#displayPrefix()}, for the account UI
 * @param createdAt when the key was issued (or last renewed)
 * @param lastUsedAt when the key last resolved, if ever; recorded at a throttled rate
 */
public record ApiKeyRecord(
    String accountId,
    String keyHash,
    String displayPrefix,
    Instant createdAt,
    @Nullable Instant lastUsedAt) {

  /** Account ids are at most 255 characters: the width of the JDBC store's column. */
  public static final int MAX_ACCOUNT_ID_LENGTH = 255;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public ApiKeyRecord {
    requireAccountId(accountId);
    Objects.requireNonNull(keyHash, "keyHash == null");
    if (!SHA256_HEX.matcher(keyHash).matches()) {
      throw new IllegalArgumentException("keyHash must be 64 lowercase hex digits");
    }
    Objects.requireNonNull(displayPrefix, "displayPrefix == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }

  /**
   * The record of a new {@code key} for {@code accountId}, created at {@code createdAt} truncated
   * to the millisecond (the precision every store keeps), never used yet.
   */
  public static ApiKeyRecord of(String accountId, ApiKey key, Instant createdAt) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    return new ApiKeyRecord(
        accountId,
        key.sha256Hex(),
        key.displayPrefix(),
        createdAt.truncatedTo(ChronoUnit.MILLIS),
        null);
  }

  /** The record with {@link #lastUsedAt()} set to {@code at}. */
  public ApiKeyRecord withLastUsedAt(Instant at) {
    return new ApiKeyRecord(accountId, keyHash, displayPrefix, createdAt, at);
  }

  /**
   * {@code accountId}, when it is a valid account id: not blank, at most {@value
   * #MAX_ACCOUNT_ID_LENGTH} characters.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireAccountId(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    if (accountId.isBlank() || accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
      throw new IllegalArgumentException(
          "accountId must be 1 to " + MAX_ACCOUNT_ID_LENGTH + " characters and not blank");
    }
    return accountId;
  }
}
