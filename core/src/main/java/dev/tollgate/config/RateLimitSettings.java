package dev.tollgate.config;

import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.ratelimit.RateLimit;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The request-limit keys of {@link TollgateSettings}: {@code rate-limits} ({@code
 * professional=600/PT1M,burst=60; free=60/PT1M}), {@code concurrency-limits} ({@code free=2}),
 * {@code tool-costs} ({@code generate_report=10}), {@code rate-limit-per-client}, {@code
 * rate-limit-headers} ({@code limited} or {@code always}), {@code rate-limit-store-failure} ({@code
 * open} or {@code closed}); the plan is read from {@code plan-claim}.
 */
final class RateLimitSettings {
  static final String RATE_LIMITS = "rate-limits";
  static final String CONCURRENCY_LIMITS = "concurrency-limits";
  static final String TOOL_COSTS = "tool-costs";
  static final String PER_CLIENT = "rate-limit-per-client";
  static final String HEADERS = "rate-limit-headers";
  static final String STORE_FAILURE = "rate-limit-store-failure";

  final Map<String, RateLimit> rates;
  final Map<String, Integer> caps;
  final Map<String, Long> toolCosts;
  final boolean perClient;
  final boolean headersOnAllowed;
  final boolean failOpen;
  final String planClaim;

  /** Reads the limit keys; {@code planClaim} is the validated {@code plan-claim}. */
  RateLimitSettings(SettingReader in, String planClaim) {
    this.rates = entries(in, RATE_LIMITS, "plan", RateLimit::parse);
    this.caps = entries(in, CONCURRENCY_LIMITS, "plan", RateLimitSettings::wholeInt);
    this.toolCosts = entries(in, TOOL_COSTS, "tool", RateLimitSettings::whole);
    this.perClient = choice(in, PER_CLIENT, "false", "true", "false").equals("true");
    this.headersOnAllowed = choice(in, HEADERS, "limited", "always", "limited").equals("always");
    this.failOpen = choice(in, STORE_FAILURE, "open", "open", "closed").equals("open");
    this.planClaim = planClaim;
    if (!configured()
        && (!toolCosts.isEmpty()
            || in.string(PER_CLIENT) != null
            || in.string(HEADERS) != null
            || in.string(STORE_FAILURE) != null)) {
      throw SettingReader.failure(
          RATE_LIMITS,
          "is required (or "
              + SettingReader.label(CONCURRENCY_LIMITS)
              + ") when other rate-limit settings are given");
    }
    if (configured()) {
      try {
        limiter();
      } catch (IllegalArgumentException | IllegalStateException e) {
        String message = String.valueOf(e.getMessage());
        String key =
            message.startsWith(TOOL_COSTS)
                ? TOOL_COSTS
                : message.startsWith(CONCURRENCY_LIMITS) ? CONCURRENCY_LIMITS : RATE_LIMITS;
        throw SettingReader.failure(key, e.getMessage(), e);
      }
    }
  }

  /** Whether any limit is configured. */
  boolean configured() {
    return !rates.isEmpty() || !caps.isEmpty();
  }

  /** The limiter these settings describe, in memory. */
  PlanRequestLimiter limiter() {
    return builder().build();
  }

  /** A new builder with these settings applied; stores and plan lookup are left to the caller. */
  PlanRequestLimiter.Builder builder() {
    PlanRequestLimiter.Builder limiter = PlanRequestLimiter.builder();
    rates.forEach(limiter::plan);
    caps.forEach(limiter::concurrency);
    toolCosts.forEach(limiter::toolCost);
    limiter.perClient(perClient).headersOnAllowed(headersOnAllowed).planClaim(planClaim);
    if (!failOpen) {
      limiter.failClosed();
    }
    return limiter;
  }

  private static <T> Map<String, T> entries(
      SettingReader in, String key, String kind, Function<String, T> parse) {
    return in.namedEntries(
        key,
        "NAME=VALUE",
        kind,
        name -> {
          if (name.isEmpty()) {
            throw new IllegalArgumentException("expected NAME=VALUE");
          }
        },
        parse);
  }

  private static long whole(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number");
    }
  }

  private static int wholeInt(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number");
    }
  }

  private static String choice(SettingReader in, String key, String fallback, String... allowed) {
    String value = in.string(key);
    if (value == null) {
      return fallback;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (String option : allowed) {
      if (option.equals(lower)) {
        return option;
      }
    }
    throw SettingReader.failure(
        key, "must be " + String.join(" or ", allowed) + ", was '" + value + "'");
  }
}
