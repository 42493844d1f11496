package dev.tollgate.cache;

import com.github.benmanes.caffeine.cache.Expiry;
import dev.tollgate.Resolution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long each kind of resolution may be served from the cache: a principal until the earlier of
 * its own expiry and the configured maximum; a refusal briefly; an outage never.
 */
final class ResolutionExpiry implements Expiry<Object, Resolution> {
  private final long maxResolvedNanos;
  private final long rejectedNanos;
  private final Clock clock;

  ResolutionExpiry(Duration maxResolved, Duration rejected, Clock clock) {
    this.maxResolvedNanos = maxResolved.toNanos();
    this.rejectedNanos = rejected.toNanos();
    this.clock = clock;
  }

  long lifetimeNanos(Resolution resolution) {
    if (resolution instanceof Resolution.Resolved resolved) {
      Instant expiresAt = resolved.principal().expiresAt();
      if (expiresAt == null) {
        return maxResolvedNanos;
      }
      Duration left = Duration.between(clock.instant(), expiresAt);
      if (left.isNegative() || left.isZero()) {
        return 0;
      }
      return Math.min(maxResolvedNanos, saturatedNanos(left));
    }
    if (resolution instanceof Resolution.Invalid || resolution instanceof Resolution.NotMine) {
      return rejectedNanos;
    }
    return 0;
  }

  @Override
  public long expireAfterCreate(Object key, Resolution value, long currentTime) {
    return lifetimeNanos(value);
  }

  @Override
  public long expireAfterUpdate(
      Object key, Resolution value, long currentTime, long currentDuration) {
    // A replaced entry starts a lifetime of its own.
    return lifetimeNanos(value);
  }

  @Override
  public long expireAfterRead(
      Object key, Resolution value, long currentTime, long currentDuration) {
    return currentDuration;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
