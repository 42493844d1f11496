package dev.tollgate;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The gate's verdict on one request. Adapters translate it to their protocol and add nothing of
 * their own: the status / challenge table lives in core ({@code dev.tollgate.bearer.Challenges}).
 */
public sealed interface Decision
    permits Decision.Allow, Decision.Challenge, Decision.Unavailable, Decision.RateLimited {

  /**
   * Let the request through, acting as {@code principal}.
   *
   * @param permit the request's concurrency slot: the adapter releases it once the response has
   *     completed, also for asynchronous and streamed responses and after errors
   * @param rateLimit {@code RateLimit} / {@code RateLimit-Policy} values to send, or {@code null}
   */
  record Allow(TollgatePrincipal principal, Permit permit, @Nullable RateLimitHeaders rateLimit)
      implements Decision {
    public Allow {
      Objects.requireNonNull(principal, "principal == null");
      Objects.requireNonNull(permit, "permit == null");
    }

    /** Allowed with no concurrency slot to release and no rate-limit fields. */
    public Allow(TollgatePrincipal principal) {
      this(principal, Permit.none(), null);
    }
  }

  /**
   * Refuse the request.
   *
   * @param status 400, 401 or 403; 413 for an MCP message over the adapter's size limit; 404, 405,
   *     409 or 500 only for an account endpoint's own error ({@code
   *     dev.tollgate.bearer.AccountError}), which the gate itself never returns
   * @param wwwAuthenticate the {@code WWW-Authenticate} value, or {@code null} where none is sent
   *     (an entitlement refusal must not send clients into a re-authorization loop, and a bad MCP
   *     message is not the credential's fault)
   * @param error the error code, e.g. {@code invalid_token}; {@code missing_credential} when no
   *     credential was sent (the challenge then carries no {@code error} attribute)
   * @param jsonBody a small JSON object {@code {"error": ..., "error_description": ...}}
   */
  record Challenge(int status, @Nullable String wwwAuthenticate, String error, String jsonBody)
      implements Decision {
    public Challenge {
      Objects.requireNonNull(error, "error == null");
      Objects.requireNonNull(jsonBody, "jsonBody == null");
    }
  }

  /**
   * A dependency is down: answer 503 with {@code Retry-After}; never 401, never let through.
   *
   * @param retryAfter how long the client should wait, at least one second
   * @param dependency which dependency failed, for logs and metrics (never sent to the client)
   * @param jsonBody a small JSON object {@code {"error": "temporarily_unavailable", ...}}
   */
  record Unavailable(Duration retryAfter, String dependency, String jsonBody) implements Decision {
    public Unavailable {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      Objects.requireNonNull(dependency, "dependency == null");
      Objects.requireNonNull(jsonBody, "jsonBody == null");
    }

    /**
     * {@link #retryAfter()} in whole seconds, rounded up, as the {@code Retry-After} header wants.
     */
    public long retryAfterSeconds() {
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return Math.max(1, seconds);
    }
  }

  /**
   * Too many requests: answer 429 (RFC 6585 §4) with {@code Retry-After} and no {@code
   * WWW-Authenticate}. Either too many failed attempts from the client's address (the credential
   * was not looked at, so the answer is the same whatever was sent), or the account is over its
   * request or concurrency limit ({@code rateLimit} then carries the {@code RateLimit} fields).
   *
   * @param retryAfter how long until a retry can succeed
   * @param jsonBody a small JSON object {@code {"error": "too_many_requests", ...}}
   * @param reason {@value #TOO_MANY_FAILURES}, {@code request_limit} or {@code concurrency_limit},
   *     for logs and metrics (never sent)
   * @param rateLimit {@code RateLimit} / {@code RateLimit-Policy} values to send, or {@code null}
   */
  record RateLimited(
      Duration retryAfter, String jsonBody, String reason, @Nullable RateLimitHeaders rateLimit)
      implements Decision {
    /** The reason of a 429 for failed attempts from one address. */
    public static final String TOO_MANY_FAILURES = "too_many_failures";

    public RateLimited {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      Objects.requireNonNull(jsonBody, "jsonBody == null");
      Objects.requireNonNull(reason, "reason == null");
    }

    /** A 429 for too many failed attempts from the client's address. */
    public RateLimited(Duration retryAfter, String jsonBody) {
      this(retryAfter, jsonBody, TOO_MANY_FAILURES, null);
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least one. */
    public long retryAfterSeconds() {
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return Math.max(1, seconds);
    }
  }
}
