package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link FailureRateLimiter} against a client that tries whenever it is not blocked,
 * at arbitrary moments: the bounds its Javadoc promises hold for every schedule.
 */
class FailureRateLimiterPropertyTest {

  @Property(tries = 300)
  void recordFailureWhenArbitraryScheduleThenBurstAndWindowAndRateBoundsHold(
      @ForAll @IntRange(min = 1, max = 20) int maxFailures,
      @ForAll @IntRange(min = 1, max = 600) int perSeconds,
      @ForAll("gapsMillis") List<Long> gaps) {
    AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    Duration per = Duration.ofSeconds(perSeconds);
    FailureRateLimiter limiter =
        FailureRateLimiter.builder(maxFailures, per).ticker(nanos::get).build();
    long start = nanos.get();
    List<Long> accepted = new ArrayList<>();

    for (long gap : gaps) {
      nanos.addAndGet(Duration.ofMillis(gap).toNanos());
      Duration wait = limiter.blockedFor("192.0.2.1");
      if (wait == null) {
        limiter.recordFailure("192.0.2.1");
        accepted.add(nanos.get());
      } else {
        assertTrue(
            !wait.isNegative() && !wait.isZero() && wait.compareTo(per) <= 0, "wait " + wait);
      }
    }

    long perNanos = per.toNanos();
    long interval = Math.max(1, perNanos / maxFailures);
    for (int i = 0; i < accepted.size(); i++) {
      int inWindow = 0;
      for (int j = i; j < accepted.size() && accepted.get(j) - accepted.get(i) < perNanos; j++) {
        inWindow++;
      }
      assertTrue(inWindow <= 2 * maxFailures - 1, inWindow + " failures within one window");
    }
    long elapsed = nanos.get() - start;
    assertTrue(
        accepted.size() <= maxFailures + elapsed / interval,
        accepted.size() + " failures in total");
  }

  @Provide
  Arbitrary<List<Long>> gapsMillis() {
    return Arbitraries.oneOf(
            Arbitraries.longs().between(0, 50),
            Arbitraries.longs().between(0, 5_000),
            Arbitraries.longs().between(0, 300_000))
        .list()
        .ofMaxSize(300);
  }
}
