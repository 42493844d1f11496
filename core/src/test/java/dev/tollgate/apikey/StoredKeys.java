package dev.tollgate.apikey;

import java.time.Instant;

/** Puts keys of the default format straight into an {@link ApiKeyStore}, as an issuer would. */
public final class StoredKeys {
  private StoredKeys() {}

  /** Stores a new key for {@code accountId} (which must have none) and returns its plaintext. */
  public static String issue(ApiKeyStore store, String accountId) {
    return issue(store, accountId, Instant.now()).value();
  }

  /**
   * Stores a new key for {@code accountId} (which must have none), created at {@code createdAt}.
   */
  public static ApiKey issue(ApiKeyStore store, String accountId, Instant createdAt) {
    ApiKey key = ApiKeyFormat.defaultFormat().generate();
    if (!store.insert(record(accountId, key, createdAt))) {
      throw new IllegalStateException(accountId + " already has a key");
    }
    return key;
  }

  /** Replaces the key of {@code accountId} with a new one and returns the new plaintext. */
  public static String replace(ApiKeyStore store, String accountId) {
    ApiKey key = ApiKeyFormat.defaultFormat().generate();
    if (!store.replace(record(accountId, key, Instant.now()))) {
      throw new IllegalStateException(accountId + " has no key");
    }
    return key.value();
  }

  private static ApiKeyRecord record(String accountId, ApiKey key, Instant createdAt) {
    return ApiKeyRecord.of(accountId, key, createdAt);
  }
}
