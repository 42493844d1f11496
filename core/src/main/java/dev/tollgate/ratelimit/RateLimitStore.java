package dev.tollgate.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tollgate.DependencyUnavailableException;

/**
 * Where token buckets live. One node: {@link #inMemory()}. Several nodes behind a load balancer
 * must share their buckets, or an account gets its quota once per node: see {@link
 * PostgresRateLimitStore}.
 */
@FunctionalInterface
public interface RateLimitStore {
  /**
   * Takes {@code cost} tokens from the bucket {@code key}, created full with {@code limit} on first
   * use, if it holds that many; otherwise takes nothing.
   *
   * @throws DependencyUnavailableException when the store cannot answer (the limiter then fails
   *     open to local limits or closed, as configured)
   */
  Consumption tryConsume(String key, RateLimit limit, long cost);

  /**
   * Buckets in this JVM, bounded to {@code maximumKeys} (least recently used forgotten first, which
   * only ever refills a bucket).
   */
  static RateLimitStore inMemory(long maximumKeys) {
    return new InMemoryRateLimitStore(maximumKeys, Ticker.systemTicker());
  }

  /** {@link #inMemory(long)} with {@value InMemoryRateLimitStore#DEFAULT_MAXIMUM_KEYS} keys. */
  static RateLimitStore inMemory() {
    return inMemory(InMemoryRateLimitStore.DEFAULT_MAXIMUM_KEYS);
  }

  /**
   * The outcome of {@link #tryConsume}.
   *
   * @param consumed whether the tokens were taken
   * @param remaining tokens left in the bucket afterwards
   * @param waitNanos when refused, how long until {@code cost} tokens are there; else 0
   * @param resetNanos how long until the bucket is full again
   */
  record Consumption(boolean consumed, long remaining, long waitNanos, long resetNanos) {}
}
