package dev.tollgate.apikey;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link ApiKeyStore#inMemory()}: two maps kept consistent under one read-write lock, so that a
 * renewal is atomic for readers (never two valid keys, never none) while lookups run in parallel.
 */
final class InMemoryApiKeyStore implements ApiKeyStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, ApiKeyRecord> byAccount = new HashMap<>();
  private final Map<String, ApiKeyRecord> byHash = new HashMap<>();

  @Override
  public boolean insert(ApiKeyRecord record) {
    Objects.requireNonNull(record, "record == null");
    lock.writeLock().lock();
    try {
      if (byAccount.containsKey(record.accountId()) || byHash.containsKey(record.keyHash())) {
        return false;
      }
      byAccount.put(record.accountId(), record);
      byHash.put(record.keyHash(), record);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash == null");
    lock.readLock().lock();
    try {
      return Optional.ofNullable(byHash.get(keyHash));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<ApiKeyRecord> findByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    lock.readLock().lock();
    try {
      return Optional.ofNullable(byAccount.get(accountId));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public boolean replace(ApiKeyRecord next) {
    Objects.requireNonNull(next, "next == null");
    lock.writeLock().lock();
    try {
      ApiKeyRecord previous = byAccount.get(next.accountId());
      if (previous == null || byHash.containsKey(next.keyHash())) {
        return false;
      }
      byHash.remove(previous.keyHash());
      byAccount.put(next.accountId(), next);
      byHash.put(next.keyHash(), next);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    lock.writeLock().lock();
    try {
      ApiKeyRecord previous = byAccount.remove(accountId);
      if (previous == null) {
        return false;
      }
      byHash.remove(previous.keyHash());
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void recordUse(String keyHash, Instant at) {
    Objects.requireNonNull(keyHash, "keyHash == null");
    Objects.requireNonNull(at, "at == null");
    lock.writeLock().lock();
    try {
      ApiKeyRecord current = byHash.get(keyHash);
      if (current == null) {
        return;
      }
      Instant lastUsed = current.lastUsedAt();
      if (lastUsed == null || lastUsed.isBefore(at)) {
        ApiKeyRecord used = current.withLastUsedAt(at);
        byHash.put(keyHash, used);
        byAccount.put(used.accountId(), used);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "ApiKeyStore.inMemory()";
  }
}
