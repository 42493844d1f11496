package dev.tollgate;

import java.util.Objects;

/**
 * The values of the {@code RateLimit-Policy} and {@code RateLimit} response fields of
 * draft-ietf-httpapi-ratelimit-headers (§3, §4): structured-field lists such as {@code
 * "professional";q=600;w=60} and {@code "professional";r=42;t=3}. Built by the request limiter from
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
}
