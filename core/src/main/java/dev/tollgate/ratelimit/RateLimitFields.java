package dev.tollgate.ratelimit;

/** Builds the items of {@link dev.tollgate.RateLimitHeaders}' structured-field lists. */
final class RateLimitFields {
  private RateLimitFields() {}

  /** The quota of a token bucket: {@code q} tokens per {@code w} seconds. */
  static String policyItem(String name, RateLimit rate) {
    return '"' + name + "\";q=" + rate.tokens() + ";w=" + Math.max(1, rate.period().toSeconds());
  }

  /** A concurrency cap as a policy item: a quota with no window. */
  static String concurrencyItem(String name, int cap) {
    return '"' + name + "-concurrency\";q=" + cap;
  }

  /** {@code r} units remain, {@code t} seconds until the quota is restored. */
  static String limitItem(String name, long remaining, long resetSeconds) {
    return '"' + name + "\";r=" + Math.max(0, remaining) + ";t=" + Math.max(0, resetSeconds);
  }
}
