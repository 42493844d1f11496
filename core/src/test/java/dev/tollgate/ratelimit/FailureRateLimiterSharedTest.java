package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.DependencyUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failure rate limiter counting in a store shared by several nodes. */
class FailureRateLimiterSharedTest {
  private static final String ATTACKER = "198.51.100.23";

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RateLimitStore shared = new InMemoryRateLimitStore(1000, nanos::get);

  private FailureRateLimiter node(RateLimitStore store) {
    return FailureRateLimiter.builder(5, Duration.ofMinutes(1))
        .ticker(nanos::get)
        .store(store)
        .build();
  }

  @Test
  void blockedForWhenFailuresSpreadOverTwoNodesReachTheLimitThenBlocked() {
    FailureRateLimiter first = node(shared);
    FailureRateLimiter second = node(shared);
    for (int i = 0; i < 3; i++) {
      first.recordFailure(ATTACKER);
    }
    second.recordFailure(ATTACKER);
    assertNull(second.blockedFor(ATTACKER));

    second.recordFailure(ATTACKER);

    assertNotNull(second.blockedFor(ATTACKER), "the fifth failure, wherever it happened, blocks");
    assertNull(first.blockedFor(ATTACKER), "the other node learns at its next failure");
    first.recordFailure(ATTACKER);
    assertNotNull(first.blockedFor(ATTACKER));
  }

  @Test
  void blockedForWhenSharedBucketRefillsThenAllowedAgain() {
    FailureRateLimiter first = node(shared);
    for (int i = 0; i < 5; i++) {
      first.recordFailure(ATTACKER);
    }
    assertNotNull(first.blockedFor(ATTACKER));

    nanos.addAndGet(Duration.ofSeconds(12).toNanos());

    assertNull(first.blockedFor(ATTACKER));
  }

  @Test
  void recordFailureWhenStoreDownThenCountedOnThisNode() {
    FailureRateLimiter alone =
        node(
            (key, limit, cost) -> {
              throw new DependencyUnavailableException("rate-limit-store", null);
            });
    for (int i = 0; i < 5; i++) {
      alone.recordFailure(ATTACKER);
    }

    assertNotNull(alone.blockedFor(ATTACKER));
  }
}
