package dev.tollgate;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link CredentialResolver} made of a credential.
 *
 * <ul>
 *   <li>{@link Resolved}: the credential is this resolver's and valid.
 *   <li>{@link Invalid}: the credential is this resolver's and must be refused (401 {@code
 *       invalid_token}).
 *   <li>{@link NotMine}: not a credential this resolver understands; ask the next one.
 *   <li>{@link Unavailable}: the resolver could not decide because a dependency is down (503).
 * </ul>
 */
public sealed interface Resolution
    permits Resolution.Resolved, Resolution.Invalid, Resolution.NotMine, Resolution.Unavailable {

  static Resolution resolved(TollgatePrincipal principal) {
    return new Resolved(principal);
  }

  /**
   * An invalid credential. {@code reason} is for audit logs and the challenge's {@code
   * error_description}: a fixed phrase, never request data or exception text.
   */
  static Resolution invalid(String reason) {
    return new Invalid(reason);
  }

  static Resolution notMine() {
    return NotMine.INSTANCE;
  }

  /** A dependency named {@code dependency} (e.g. "jwks") could not be reached or answered badly. */
  static Resolution unavailable(String dependency) {
    return new Unavailable(dependency, null);
  }

  /** As {@link #unavailable(String)}, with the dependency's own hint of when to retry. */
  static Resolution unavailable(String dependency, Duration retryAfter) {
    return new Unavailable(dependency, retryAfter);
  }

  /** The credential resolved to {@code principal}. */
  record Resolved(TollgatePrincipal principal) implements Resolution {
    public Resolved {
      Objects.requireNonNull(principal, "principal == null");
    }
  }

  /** The credential is refused; {@code reason} is a fixed phrase safe to show. */
  record Invalid(String reason) implements Resolution {
    public Invalid {
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** The resolver does not handle this kind of credential. */
  final class NotMine implements Resolution {
    static final NotMine INSTANCE = new NotMine();

    private NotMine() {}

    @Override
    public String toString() {
      return "NotMine";
    }
  }

  /**
   * A dependency failed. {@code retryAfter} is the dependency's hint, or {@code null} to use the
   * gate's configured default.
   */
  record Unavailable(String dependency, @org.jspecify.annotations.Nullable Duration retryAfter)
      implements Resolution {
    public Unavailable {
      Objects.requireNonNull(dependency, "dependency == null");
    }
  }
}
