package dev.tollgate;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The gate's verdict on one request. Adapters translate it to their protocol and add nothing of
 * their own: the status / challenge table lives in core ({@code dev.tollgate.bearer.Challenges}).
 */
public sealed interface Decision permits Decision.Allow, Decision.Challenge, Decision.Unavailable {

  /** Let the request through, acting as {@code principal}. */
  record Allow(TollgatePrincipal principal) implements Decision {
    public Allow {
      Objects.requireNonNull(principal, "principal == null");
    }
  }

  /**
   * Refuse the request.
   *
   * @param status 400, 401 or 403; 413 for an MCP message over the adapter's size limit
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

    /** {@link #retryAfter()} in whole seconds, rounded up, as the {@code Retry-After} header wants. */
    public long retryAfterSeconds() {
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return Math.max(1, seconds);
    }
  }
}
