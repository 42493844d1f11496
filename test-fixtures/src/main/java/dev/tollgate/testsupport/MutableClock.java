package dev.tollgate.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that tests move by hand, so expiry, staleness and rate limits are exercised without
 * sleeping.
 *
 * <p>{@link #nanoTime()} reads the same time as nanoseconds since the start instant, for code that
 * takes a separate monotonic ticker (Caffeine's {@code Ticker}): pass {@code clock::nanoTime} and
 * the wall clock and the ticker move together.
 */
public final class MutableClock extends Clock {
  private final Instant start;
  private final AtomicReference<Instant> now;

  /** A clock standing at {@code start} until it is moved. */
  public MutableClock(Instant start) {
    this.start = Objects.requireNonNull(start, "start == null");
    this.now = new AtomicReference<>(start);
  }

  /** Moves the clock forward by {@code duration} (backward when it is negative). */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration == null");
    now.updateAndGet(instant -> instant.plus(duration));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant == null"));
  }

  /** Nanoseconds from the start instant to now. */
  public long nanoTime() {
    return Duration.between(start, now.get()).toNanos();
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Unsupported: every user of this clock works in UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
