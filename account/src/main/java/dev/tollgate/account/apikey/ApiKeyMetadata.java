package dev.tollgate.account.apikey;

import dev.tollgate.apikey.ApiKeyRecord;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the account UI may show about a key: never the key, nor its hash.
 *
 * @param accountId the owning account
 * @param displayPrefix the first characters of the key's random body
 * @param createdAt when the key was issued or last renewed
 * @param lastUsedAt when it last authenticated a request, at the store's throttled precision
 */
public record ApiKeyMetadata(
    String accountId, String displayPrefix, Instant createdAt, @Nullable Instant lastUsedAt) {

  public ApiKeyMetadata {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(displayPrefix, "displayPrefix == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }

  static ApiKeyMetadata of(ApiKeyRecord record) {
    return new ApiKeyMetadata(
        record.accountId(), record.displayPrefix(), record.createdAt(), record.lastUsedAt());
  }
}
