package dev.tollgate.example.soak;

import dev.tollgate.example.soak.Referee.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * Counts of a soak run, safe to record from every client thread: outcomes per credential kind,
 * verdicts, 503s per dependency, and every request's latency (the array is sized once, from the
 * request cap, before the start-of-run heap sample). The first few wrong decisions are kept as text
 * for diagnosis; the text names the credential's kind, never the credential.
 */
final class SoakRecorder {
  private static final int MAX_SAMPLES = 20;
  private static final int KINDS = CredentialKind.values().length;
  private static final int OUTCOMES = Outcome.values().length;

  private final int maxRequests;
  private final AtomicInteger claimed = new AtomicInteger();
  private final AtomicLongArray counts = new AtomicLongArray(KINDS * OUTCOMES);
  private final AtomicLongArray verdicts = new AtomicLongArray(Verdict.values().length);
  private final AtomicLongArray outage503s =
      new AtomicLongArray(CredentialKind.Dependency.values().length);
  private final long[] latencies;
  private final AtomicInteger recorded = new AtomicInteger();
  private final List<String> samples = new ArrayList<>();

  SoakRecorder(int maxRequests) {
    this.maxRequests = maxRequests;
    this.latencies = new long[maxRequests];
  }

  /** Takes one request from the budget; false once {@code maxRequests} were taken. */
  boolean claim() {
    return claimed.getAndIncrement() < maxRequests;
  }

  void record(
      CredentialKind kind,
      Outcome outcome,
      Verdict verdict,
      long latencyNanos,
      Supplier<String> detail) {
    counts.incrementAndGet(kind.ordinal() * OUTCOMES + outcome.ordinal());
    verdicts.incrementAndGet(verdict.ordinal());
    if (verdict == Verdict.OUTAGE_503 || verdict == Verdict.JWKS_RECOVERY_503) {
      outage503s.incrementAndGet(kind.dependency.ordinal());
    }
    int slot = recorded.getAndIncrement();
    if (slot < latencies.length) {
      latencies[slot] = latencyNanos;
    }
    if (verdict.wrong) {
      synchronized (samples) {
        if (samples.size() < MAX_SAMPLES) {
          samples.add(detail.get());
        }
      }
    }
  }

  long requests() {
    return Math.min(recorded.get(), maxRequests);
  }

  long count(CredentialKind kind, Outcome outcome) {
    return counts.get(kind.ordinal() * OUTCOMES + outcome.ordinal());
  }

  long count(CredentialKind kind) {
    long total = 0;
    for (Outcome outcome : Outcome.values()) {
      total += count(kind, outcome);
    }
    return total;
  }

  long count(Outcome outcome) {
    long total = 0;
    for (CredentialKind kind : CredentialKind.values()) {
      total += count(kind, outcome);
    }
    return total;
  }

  long count(Verdict verdict) {
    return verdicts.get(verdict.ordinal());
  }

  long wrongDecisions() {
    long total = 0;
    for (Verdict verdict : Verdict.values()) {
      if (verdict.wrong) {
        total += count(verdict);
      }
    }
    return total;
  }

  long outage503s(CredentialKind.Dependency dependency) {
    return outage503s.get(dependency.ordinal());
  }

  List<String> wrongSamples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The {@code percentile} (0 to 100) of latencies, in milliseconds, nearest-rank. */
  double latencyMillis(double percentile) {
    int n = (int) requests();
    if (n == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100 * n);
    return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
  }
}
