package dev.tollgate.example.soak;

import dev.tollgate.example.soak.Referee.Verdict;
import java.util.Locale;

/** The summary block of a soak run, as printed and as written to {@code target/soak-report.txt}. */
final class SoakReport {
  private SoakReport() {}

  /** Figures measured around the traffic, next to the recorder's counts. */
  record Run(
      SoakSettings settings,
      long startNanos,
      long endNanos,
      long heapStartBytes,
      long heapEndBytes,
      double loadStart,
      double loadEnd,
      int cacheMaximumSize) {}

  static String format(
      Run run, SoakRecorder recorder, FlappingServer jwks, FlappingServer introspection) {
    StringBuilder out = new StringBuilder();
    double seconds = (run.endNanos() - run.startNanos()) / 1e9;
    long requests = recorder.requests();
    line(out, "==== Tollgate soak ====");
    line(
        out,
        "duration          %.1f s (limit %d s, %d requests max), %d clients, outages of %d s",
        seconds,
        run.settings().duration().toSeconds(),
        run.settings().maxRequests(),
        run.settings().clients(),
        run.settings().flip().toSeconds());
    line(
        out,
        "load average      %.2f at start, %.2f at end (%d CPUs)",
        run.loadStart(),
        run.loadEnd(),
        Runtime.getRuntime().availableProcessors());
    line(out, "requests          %d (%.0f/s)", requests, requests / Math.max(seconds, 1e-9));
    StringBuilder outcomes = new StringBuilder();
    for (Outcome outcome : Outcome.values()) {
      outcomes
          .append(outcomes.length() == 0 ? "" : ", ")
          .append(outcome.name().toLowerCase(Locale.ROOT))
          .append(' ')
          .append(recorder.count(outcome));
    }
    line(out, "outcomes          %s", outcomes);
    line(
        out,
        "wrong decisions   %d (let through %d, good credential 401 %d, 503 outside an outage %d,"
            + " other 5xx %d, no answer %d, other mismatch %d)",
        recorder.wrongDecisions(),
        recorder.count(Verdict.LET_THROUGH),
        recorder.count(Verdict.GOOD_REFUSED_401),
        recorder.count(Verdict.WRONG_503),
        recorder.count(Verdict.OTHER_5XX),
        recorder.count(Verdict.NO_ANSWER),
        recorder.count(Verdict.MISMATCH));
    line(
        out,
        "503 in outages    %d (JWKS %d, of which %d after a cold-start outage within the 30 s refetch"
            + " limit; introspection %d)",
        recorder.count(Verdict.OUTAGE_503) + recorder.count(Verdict.JWKS_RECOVERY_503),
        recorder.outage503s(CredentialKind.Dependency.JWKS),
        recorder.count(Verdict.JWKS_RECOVERY_503),
        recorder.outage503s(CredentialKind.Dependency.INTROSPECTION));
    dependency(out, "JWKS", jwks, run);
    dependency(out, "introspection", introspection, run);
    line(
        out,
        "latency           p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        recorder.latencyMillis(50),
        recorder.latencyMillis(99),
        recorder.latencyMillis(100));
    line(
        out,
        "heap after GC     %.1f MiB at start, %.1f MiB at end, growth %.1f MiB (bound %d MiB)",
        mib(run.heapStartBytes()),
        mib(run.heapEndBytes()),
        mib(run.heapEndBytes() - run.heapStartBytes()),
        run.settings().maxHeapGrowthBytes() >> 20);
    line(
        out,
        "credential cache  size not reachable through ExampleServer's public API; maximum set"
            + " to %d (TOLLGATE_CACHE_MAXIMUM_SIZE), bounded by the heap check",
        run.cacheMaximumSize());
    line(out, "per credential    answered: count by outcome");
    for (CredentialKind kind : CredentialKind.values()) {
      StringBuilder counts = new StringBuilder();
      for (Outcome outcome : Outcome.values()) {
        long count = recorder.count(kind, outcome);
        if (count > 0) {
          counts
              .append(' ')
              .append(outcome.name().toLowerCase(Locale.ROOT))
              .append('=')
              .append(count);
        }
      }
      line(out, "  %-22s %6d:%s", kind, recorder.count(kind), counts);
    }
    for (String sample : recorder.wrongSamples()) {
      line(out, "wrong: %s", sample);
    }
    return out.toString();
  }

  private static void dependency(StringBuilder out, String name, FlappingServer server, Run run) {
    long first = server.firstGoodAnswerNanos();
    line(
        out,
        "%-17s %d outages, %.1f s down in all, %d requests reached it, %d good answers, first at %s",
        name,
        server.timeline().outages(),
        server.timeline().degradedNanos(run.endNanos()) / 1e9,
        server.requests(),
        server.goodAnswers(),
        first == Long.MIN_VALUE
            ? "never"
            : String.format(Locale.ROOT, "t+%.1f s", (first - run.startNanos()) / 1e9));
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
