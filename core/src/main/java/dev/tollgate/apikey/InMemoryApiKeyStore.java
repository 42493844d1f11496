package dev.tollgate.apikey;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link ApiKeyStore#inMemory()}: records by account and by hash in two concurrent maps. Lookups
 * take no lock; writers take turns on a private lock.
 *
 * <p>The account map decides which key is valid: a hash resolves only while its account's current
 * record carries it. A writer changes that map in one step (insert, replace, delete), after adding
 * a new hash and before dropping an old one, so a renewal is atomic for readers: never two valid
 * keys, never none.
 */
final class InMemoryApiKeyStore implements ApiKeyStore {
  private final ConcurrentHashMap<String, ApiKeyRecord> byAccount = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Sha256Key, ApiKeyRecord> byHash = new ConcurrentHashMap<>();
  private final Object writer = new Object();

  @Override
  public boolean insert(ApiKeyRecord record) {
    Objects.requireNonNull(record, "record == null");
    synchronized (writer) {
      if (byAccount.containsKey(record.accountId()) || byHash.containsKey(Sha256Key.of(record))) {
        return false;
      }
      byHash.put(Sha256Key.of(record), record);
      byAccount.put(record.accountId(), record);
      return true;
    }
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash == null");
    Sha256Key key = Sha256Key.ofHex(keyHash);
    return key == null ? Optional.empty() : find(key);
  }

  @Override
  public Optional<ApiKeyRecord> findBySha256(byte[] sha256) {
    Objects.requireNonNull(sha256, "sha256 == null");
    // Only looked up with, never kept: no copy.
    return sha256.length == Sha256Key.LENGTH ? find(new Sha256Key(sha256)) : Optional.empty();
  }

  private Optional<ApiKeyRecord> find(Sha256Key key) {
    ApiKeyRecord candidate = byHash.get(key);
    if (candidate == null) {
      return Optional.empty();
    }
    ApiKeyRecord current = byAccount.get(candidate.accountId());
    return current != null && current.keyHash().equals(candidate.keyHash())
        ? Optional.of(current)
        : Optional.empty();
  }

  @Override
  public Optional<ApiKeyRecord> findByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return Optional.ofNullable(byAccount.get(accountId));
  }

  @Override
  public boolean replace(ApiKeyRecord next) {
    Objects.requireNonNull(next, "next == null");
    synchronized (writer) {
      ApiKeyRecord previous = byAccount.get(next.accountId());
      if (previous == null || byHash.containsKey(Sha256Key.of(next))) {
        return false;
      }
      byHash.put(Sha256Key.of(next), next);
      byAccount.put(next.accountId(), next);
      byHash.remove(Sha256Key.of(previous));
      return true;
    }
  }

  @Override
  public boolean delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    synchronized (writer) {
      ApiKeyRecord previous = byAccount.remove(accountId);
      if (previous == null) {
        return false;
      }
      byHash.remove(Sha256Key.of(previous));
      return true;
    }
  }

  @Override
  public void recordUse(String keyHash, Instant at) {
    Objects.requireNonNull(keyHash, "keyHash == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (writer) {
      Sha256Key key = Sha256Key.ofHex(keyHash);
      ApiKeyRecord current = key == null ? null : byHash.get(key);
      if (current == null) {
        return;
      }
      Instant lastUsed = current.lastUsedAt();
      if (lastUsed == null || lastUsed.isBefore(at)) {
        // Both maps get the same record; a reader in between sees either, with the same hash.
        ApiKeyRecord used = current.withLastUsedAt(at);
        byHash.put(key, used);
        byAccount.put(used.accountId(), used);
      }
    }
  }

  @Override
  public String toString() {
    return "ApiKeyStore.inMemory()";
  }

  /** A SHA-256 as a map key: equal bytes; hashed by its first four, already uniform. */
  private static final class Sha256Key {
    static final int LENGTH = 32;

    private final byte[] bytes;
    private final int hash;

    Sha256Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash =
          ((bytes[0] & 0xff) << 24)
              | ((bytes[1] & 0xff) << 16)
              | ((bytes[2] & 0xff) << 8)
              | (bytes[3] & 0xff);
    }

    static Sha256Key of(ApiKeyRecord record) {
      return new Sha256Key(HexFormat.of().parseHex(record.keyHash()));
    }

    /** The key {@code hex} spells in lowercase, as records keep it; null for anything else. */
    static @Nullable Sha256Key ofHex(String hex) {
      if (hex.length() != LENGTH * 2) {
        return null;
      }
      for (int i = 0; i < hex.length(); i++) {
        char c = hex.charAt(i);
        if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
          return null;
        }
      }
      return new Sha256Key(HexFormat.of().parseHex(hex));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Sha256Key key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
