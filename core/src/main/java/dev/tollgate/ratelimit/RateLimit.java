package dev.tollgate.ratelimit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * A token bucket: {@code tokens} per {@code period}, holding at most {@code burst} at once. A call
 * costs one token (or its tool's {@linkplain PlanRequestLimiter.Builder#toolCost cost}); an empty
 * bucket answers 429 until enough tokens have dripped back, one every {@code period / tokens}.
 *
 * <p>Written as in the settings: {@code 600/PT1M,burst=60} (600 a minute, at most 60 at once) or
 * {@code 60/PT1M} (the burst then equals the tokens, so a full minute's quota may be spent at
 * once).
 *
 * @param tokens tokens restored per period, at least 1
 * @param period the refill period, 1 second to 1 day
 * @param burst the bucket's capacity, 1 to 1,000,000; below {@code tokens} it smooths bursts out
 */
public record RateLimit(long tokens, Duration period, long burst) {
  /** Beyond a million tokens a bucket is not a limit but a counter overflow waiting to happen. */
  static final long MAX_TOKENS = 1_000_000;

  /** Longer periods turn a typo into a day-long lockout; daily quotas belong in a credit ledger. */
  static final Duration MAX_PERIOD = Duration.ofDays(1);

  public RateLimit {
    Objects.requireNonNull(period, "period == null");
    if (tokens < 1 || tokens > MAX_TOKENS) {
      throw new IllegalArgumentException("tokens must be 1 to " + MAX_TOKENS + ", was " + tokens);
    }
    if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException("period must be 1 second to 1 day, was " + period);
    }
    if (burst < 1 || burst > MAX_TOKENS) {
      throw new IllegalArgumentException("burst must be 1 to " + MAX_TOKENS + ", was " + burst);
    }
  }

  /** {@code tokens} per {@code period}, all of which may be spent at once. */
  public static RateLimit of(long tokens, Duration period) {
    return new RateLimit(tokens, period, tokens);
  }

  /** This limit with a bucket of {@code burst} tokens. */
  public RateLimit withBurst(long burst) {
    return new RateLimit(tokens, period, burst);
  }

  /** Nanoseconds for one token to drip back. */
  long intervalNanos() {
    return Math.max(1, period.toNanos() / tokens);
  }

  /**
   * Parses {@code TOKENS/PERIOD[,burst=N]}, the period ISO-8601 ({@code PT1M}) or whole seconds.
   *
   * @throws IllegalArgumentException with a message fit for a settings error
   */
  public static RateLimit parse(String text) {
    // Limit -1: a trailing "/" or "," is an empty part to refuse, not one to drop.
    String[] parts = Objects.requireNonNull(text, "text == null").strip().split(",", -1);
    String[] rate = parts[0].strip().split("/", -1);
    if (rate.length != 2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not TOKENS/PERIOD[,burst=N], e.g. 600/PT1M,burst=60");
    }
    long tokens = number(rate[0], text);
    Duration period = period(rate[1].strip(), text);
    long burst = tokens;
    for (int i = 1; i < parts.length; i++) {
      String option = parts[i].strip();
      if (!option.toLowerCase(Locale.ROOT).startsWith("burst=")) {
        throw new IllegalArgumentException(
            "'" + text + "': unknown option '" + option + "' (only burst=N)");
      }
      burst = number(option.substring("burst=".length()), text);
    }
    return new RateLimit(tokens, period, burst);
  }

  private static long number(String value, String text) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "': '" + value.strip() + "' is not a whole number");
    }
  }

  private static Duration period(String value, String text) {
    try {
      return value.chars().allMatch(Character::isDigit) && !value.isEmpty()
          ? Duration.ofSeconds(Long.parseLong(value))
          : Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "': '" + value + "' is not a duration such as PT1M");
    }
  }
}
