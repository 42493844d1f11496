package dev.tollgate;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A {@link RequestLimiter}'s verdict on one authorized request. */
public sealed interface Admission {
  /** No limit applies: no permit to release, no headers. */
  Admission UNLIMITED = new Admitted(Permit.none(), null);

  /**
   * Within the limits.
   *
   * @param permit the concurrency slot, released by the adapter once the response completes
   * @param headers rate-limit fields to send with the response, or {@code null}
   */
  record Admitted(Permit permit, @Nullable RateLimitHeaders headers) implements Admission {
    public Admitted {
      Objects.requireNonNull(permit, "permit == null");
    }
  }

  /**
   * Over a limit: 429 with {@code Retry-After} and the rate-limit fields.
   *
   * @param retryAfter when a retry can succeed
   * @param headers the rate-limit fields
   * @param reason {@value #REQUEST_LIMIT} or {@value #CONCURRENCY_LIMIT}, for logs and metrics
   */
  record Limited(Duration retryAfter, RateLimitHeaders headers, String reason)
      implements Admission {
    /** The reason when the token bucket is empty. */
    public static final String REQUEST_LIMIT = "request_limit";

    /** The reason when every concurrency slot is held. */
    public static final String CONCURRENCY_LIMIT = "concurrency_limit";

    public Limited {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      Objects.requireNonNull(headers, "headers == null");
      Objects.requireNonNull(reason, "reason == null");
    }
  }
}
