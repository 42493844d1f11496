package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitStoreTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final InMemoryRateLimitStore store = new InMemoryRateLimitStore(1000, nanos::get);
  private final RateLimit sixtyPerMinute = RateLimit.of(60, Duration.ofMinutes(1));

  @Test
  void tryConsumeWhenBurstSpentThenRefusedWithWaitForOneToken() {
    RateLimit limit = sixtyPerMinute.withBurst(3);
    for (int i = 2; i >= 0; i--) {
      RateLimitStore.Consumption taken = store.tryConsume("a", limit, 1);
      assertTrue(taken.consumed());
      assertEquals(i, taken.remaining());
    }

    RateLimitStore.Consumption refused = store.tryConsume("a", limit, 1);

    assertFalse(refused.consumed());
    assertEquals(0, refused.remaining());
    assertEquals(Duration.ofSeconds(1).toNanos(), refused.waitNanos());
    assertEquals(Duration.ofSeconds(3).toNanos(), refused.resetNanos());
  }

  @Test
  void tryConsumeWhenOneIntervalPassedThenOneMoreToken() {
    RateLimit limit = sixtyPerMinute.withBurst(1);
    assertTrue(store.tryConsume("a", limit, 1).consumed());
    assertFalse(store.tryConsume("a", limit, 1).consumed());

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertTrue(store.tryConsume("a", limit, 1).consumed());
    assertFalse(store.tryConsume("a", limit, 1).consumed());
  }

  @Test
  void tryConsumeWhenCostAboveRemainingThenNothingTaken() {
    RateLimit limit = sixtyPerMinute.withBurst(10);
    assertTrue(store.tryConsume("a", limit, 8).consumed());

    assertFalse(store.tryConsume("a", limit, 5).consumed());

    RateLimitStore.Consumption rest = store.tryConsume("a", limit, 2);
    assertTrue(rest.consumed());
    assertEquals(0, rest.remaining());
  }

  @Test
  void tryConsumeWhenOtherKeyThenOwnBucket() {
    RateLimit limit = sixtyPerMinute.withBurst(1);
    assertTrue(store.tryConsume("a", limit, 1).consumed());

    assertTrue(store.tryConsume("b", limit, 1).consumed());
  }

  @Test
  void tryConsumeWhenManyKeysThenBoundedByMaximum() {
    InMemoryRateLimitStore small = new InMemoryRateLimitStore(100, nanos::get);
    for (int i = 0; i < 10_000; i++) {
      small.tryConsume("key-" + i, sixtyPerMinute, 1);
    }

    assertTrue(small.trackedKeys() <= 100, "tracked " + small.trackedKeys());
  }

  @Test
  void tryConsumeWhenIdleForAPeriodThenFullAgain() {
    RateLimit limit = sixtyPerMinute.withBurst(5);
    store.tryConsume("a", limit, 5);

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());

    RateLimitStore.Consumption full = store.tryConsume("a", limit, 1);
    assertTrue(full.consumed());
    assertEquals(4, full.remaining());
  }
}
