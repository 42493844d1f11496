package dev.tollgate.ratelimit;

import java.util.Objects;

/**
 * The values of the {@code RateLimit-Policy} and {@code RateLimit} response fields of
 * draft-ietf-httpapi-ratelimit-headers (§3, §4): structured-field lists such as {@code
 * "professional";q=600;w=60} and {@code "professional";r=42;t=3}. Built only by this package from
 * configured plan names (letters, digits, {@code _}, {@code -}) and numbers, so no request data
 * ever reaches a header.
 *
 * @param policy the {@code RateLimit-Policy} value
 * @param limit the {@code RateLimit} value
 */
public record RateLimitHeaders(String policy, String limit) {
  public RateLimitHeaders {
    Objects.requireNonNull(policy, "policy == null");
    Objects.requireNonNull(limit, "limit == null");
  }

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
