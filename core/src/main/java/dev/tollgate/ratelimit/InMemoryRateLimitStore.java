package dev.tollgate.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets kept as GCRA timestamps (one {@code AtomicLong} per key, updated with a
 * compare-and-set), so no lock is taken on the request path. Keys live in a bounded Caffeine cache
 * and expire once idle for a day, the longest period a {@link RateLimit} may have, after which the
 * bucket would be full anyway.
 */
final class InMemoryRateLimitStore implements RateLimitStore {
  /**
   * 100,000 accounts at under a hundred bytes each is a few megabytes; an evicted bucket comes back
   * full, so a bound smaller than the active accounts loosens the limit instead of failing.
   */
  static final long DEFAULT_MAXIMUM_KEYS = 100_000;

  private final Ticker ticker;

  /**
   * Per key, the theoretical arrival time: when the bucket would be full again, in ticker nanos.
   */
  private final Cache<String, AtomicLong> buckets;

  InMemoryRateLimitStore(long maximumKeys, Ticker ticker) {
    if (maximumKeys < 1) {
      throw new IllegalArgumentException("maximumKeys must be at least 1, was " + maximumKeys);
    }
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maximumKeys)
            .expireAfterAccess(RateLimit.MAX_PERIOD)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Consumption tryConsume(String key, RateLimit limit, long cost) {
    AtomicLong bucket = buckets.get(key, unused -> new AtomicLong(Long.MIN_VALUE));
    long interval = limit.intervalNanos();
    long capacity = limit.burst() * interval;
    long charge = cost * interval;
    while (true) {
      long now = ticker.read();
      long current = bucket.get();
      long tat = current == Long.MIN_VALUE ? now : Math.max(current, now);
      long next = tat + charge;
      if (next - now > capacity) {
        long wait = next - now - capacity;
        return new Consumption(false, (capacity - (tat - now)) / interval, wait, tat - now);
      }
      if (bucket.compareAndSet(current, next)) {
        return new Consumption(true, (capacity - (next - now)) / interval, 0, next - now);
      }
    }
  }

  long trackedKeys() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
