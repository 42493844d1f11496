package dev.tollgate.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a real store and counts every call, to prove that some inputs never reach it. */
public class CountingApiKeyStore implements ApiKeyStore {
  private final ApiKeyStore delegate;
  private final AtomicInteger calls = new AtomicInteger();

  public CountingApiKeyStore(ApiKeyStore delegate) {
    this.delegate = delegate;
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public boolean insert(ApiKeyRecord record) {
    calls.incrementAndGet();
    return delegate.insert(record);
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    calls.incrementAndGet();
    return delegate.findByHash(keyHash);
  }

  @Override
  public Optional<ApiKeyRecord> findBySha256(byte[] sha256) {
    calls.incrementAndGet();
    return delegate.findBySha256(sha256);
  }

  @Override
  public Optional<ApiKeyRecord> findByAccount(String accountId) {
    calls.incrementAndGet();
    return delegate.findByAccount(accountId);
  }

  @Override
  public boolean replace(ApiKeyRecord next) {
    calls.incrementAndGet();
    return delegate.replace(next);
  }

  @Override
  public boolean delete(String accountId) {
    calls.incrementAndGet();
    return delegate.delete(accountId);
  }

  @Override
  public void recordUse(String keyHash, Instant at) {
    calls.incrementAndGet();
    delegate.recordUse(keyHash, at);
  }
}
