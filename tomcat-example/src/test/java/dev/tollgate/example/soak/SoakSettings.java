package dev.tollgate.example.soak;

import java.time.Duration;

/**
 * How long and how hard a soak run goes, from system properties, each clamped to a bound so a typo
 * cannot start a run that never ends:
 *
 * <ul>
 *   <li>{@code soak.duration}: seconds of traffic, default 120, 60 to 600. At least a minute
 *       because the run opens with a JWK set outage, after which the gate fetches the set again
 *       only once its 30-second refetch limit allows, and JWTs must get through in the rest of the
 *       run; ten minutes is enough to see a leak at this request rate, and still fits a CI job;
 *   <li>{@code soak.maxRequests}: requests in all, default 200000, 1000 to 2000000 (a second stop,
 *       and the size of the latency sample: 8 bytes each);
 *   <li>{@code soak.clients}: concurrent client threads, default 4, 1 to 16 (each has at most one
 *       request in flight);
 *   <li>{@code soak.flipSeconds}: length of one outage, default 3, 1 to 30; the healthy stretch
 *       between two outages of one dependency is twice as long;
 *   <li>{@code soak.maxHeapGrowthMiB}: allowed growth of the heap after GC, default 128.
 * </ul>
 */
record SoakSettings(
    Duration duration, int maxRequests, int clients, Duration flip, long maxHeapGrowthBytes) {

  static SoakSettings fromSystemProperties() {
    return new SoakSettings(
        Duration.ofSeconds(read("soak.duration", 120, 60, 600)),
        (int) read("soak.maxRequests", 200_000, 1_000, 2_000_000),
        (int) read("soak.clients", 4, 1, 16),
        Duration.ofSeconds(read("soak.flipSeconds", 3, 1, 30)),
        read("soak.maxHeapGrowthMiB", 128, 16, 4_096) << 20);
  }

  private static long read(String name, long fallback, long min, long max) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
    }
    return Math.max(min, Math.min(max, parsed));
  }
}
