package dev.tollgate.account.apikey;

import java.time.Instant;
import java.util.Objects;

/**
 * A key just created or renewed: the only time its plaintext exists outside the client. Show {@link
 * #key()} to its owner once; nothing can retrieve it later. {@link #toString()} leaves it out.
 *
 * @param accountId the owning account
 * @param key the secret key, to send as {@code Authorization: Bearer <key>}
 * @param displayPrefix the non-secret prefix that identifies the key in the account UI
 * @param createdAt when it was issued
 */
public record IssuedApiKey(String accountId, String key, String displayPrefix, Instant createdAt) {

  public IssuedApiKey {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(displayPrefix, "displayPrefix == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }

  @Override
  public String toString() {
    return "IssuedApiKey[accountId="
        + accountId
        + ", displayPrefix="
        + displayPrefix
        + ", createdAt="
        + createdAt
        + ", key=redacted]";
  }
}
