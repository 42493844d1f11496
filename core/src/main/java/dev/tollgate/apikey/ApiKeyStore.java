package dev.tollgate.apikey;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where API key records live: hashes only, at most one per account.
 *
 * <p>Every method throws {@link dev.tollgate.DependencyUnavailableException} when the store cannot
 * answer, so callers fail closed (503), never open. Implementations must be thread-safe, and {@link
 * #replace} must be atomic for concurrent readers: at no moment may both the old and the new key
 * resolve, nor neither.
 *
 * <p>Two implementations ship: {@link #inMemory()} for tests and single-node use, and {@link
 * JdbcApiKeyStore} for a shared database.
 */
public interface ApiKeyStore {

  /**
   * Saves {@code record} unless its account already has a key.
   *
   * @return {@code false} when the account already had a key (nothing was changed)
   */
  boolean insert(ApiKeyRecord record);

  /** The record whose {@link ApiKeyRecord#keyHash()} is {@code keyHash}, if any. */
  Optional<ApiKeyRecord> findByHash(String keyHash);

  /**
   * {@link #findByHash} for the hash's 32 raw bytes, which the resolver asks on every request. The
   * default spells them as hex and asks {@link #findByHash}; a store in memory answers from the
   * bytes, without building and hashing a 64-character string.
   */
  default Optional<ApiKeyRecord> findBySha256(byte[] sha256) {
    return findByHash(HexFormat.of().formatHex(sha256));
  }

  /** The account's record, if it has a key. */
  Optional<ApiKeyRecord> findByAccount(String accountId);

  /**
   * Atomically replaces the key of {@code next}'s account with {@code next}: from the moment this
   * returns the old hash is unknown, and no reader ever finds both or neither.
   *
   * @return {@code false} when the account had no key (nothing was changed)
   */
  boolean replace(ApiKeyRecord next);

  /**
   * Deletes the account's key.
   *
   * @return {@code false} when the account had no key
   */
  boolean delete(String accountId);

  /**
   * Records that the key with hash {@code keyHash} was used at {@code at}. Cheap and best-effort:
   * callers throttle it, and a key renewed or revoked meanwhile is left alone.
   */
  void recordUse(String keyHash, Instant at);

  /**
   * A thread-safe store in this JVM's memory: keys do not survive a restart nor reach other nodes.
   */
  static ApiKeyStore inMemory() {
    return new InMemoryApiKeyStore();
  }
}
