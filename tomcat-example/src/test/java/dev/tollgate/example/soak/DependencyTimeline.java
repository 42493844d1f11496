package dev.tollgate.example.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * When a dependency was failing: a list of intervals on the {@link System#nanoTime()} scale, the
 * last one open while the failure lasts. A soak run flips a few hundred times at most, so the list
 * stays small.
 */
final class DependencyTimeline {
  private final List<long[]> outages = new ArrayList<>();

  /** Opens an outage at {@code nanos} unless one is open. */
  synchronized void degradedFrom(long nanos) {
    if (outages.isEmpty() || last()[1] != Long.MAX_VALUE) {
      outages.add(new long[] {nanos, Long.MAX_VALUE});
    }
  }

  /** Closes the open outage at {@code nanos}. */
  synchronized void healthyFrom(long nanos) {
    if (!outages.isEmpty() && last()[1] == Long.MAX_VALUE) {
      last()[1] = nanos;
    }
  }

  /** Whether any outage overlaps {@code [fromNanos, toNanos]}. */
  synchronized boolean degradedDuring(long fromNanos, long toNanos) {
    for (long[] outage : outages) {
      if (outage[0] <= toNanos && outage[1] >= fromNanos) {
        return true;
      }
    }
    return false;
  }

  /** The end of the last outage that ended before {@code nanos}, or {@link Long#MIN_VALUE}. */
  synchronized long lastRecoveryBefore(long nanos) {
    long recovery = Long.MIN_VALUE;
    for (long[] outage : outages) {
      if (outage[1] != Long.MAX_VALUE && outage[1] <= nanos) {
        recovery = Math.max(recovery, outage[1]);
      }
    }
    return recovery;
  }

  /** The number of outages so far. */
  synchronized int outages() {
    return outages.size();
  }

  /** The total time spent in outages up to {@code nowNanos}. */
  synchronized long degradedNanos(long nowNanos) {
    long total = 0;
    for (long[] outage : outages) {
      total += Math.min(outage[1], nowNanos) - outage[0];
    }
    return total;
  }

  private long[] last() {
    return outages.get(outages.size() - 1);
  }
}
