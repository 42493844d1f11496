package dev.tollgate;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a policy or store when a dependency it needs (account store, revocation registry, ...)
 * cannot answer. The gate turns it into a 503 with {@code Retry-After}: it fails closed.
 *
 * <p>Resolvers report outages as {@link Resolution.Unavailable} instead; this exception is for the
 * steps after resolution, whose SPIs return plain values.
 */
public class DependencyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String dependency;
  private final transient @Nullable Duration retryAfter;

  public DependencyUnavailableException(String dependency, @Nullable Throwable cause) {
    this(dependency, null, cause);
  }

  public DependencyUnavailableException(
      String dependency, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(Objects.requireNonNull(dependency, "dependency == null") + " is unavailable", cause);
    this.dependency = dependency;
    this.retryAfter = retryAfter;
  }

  /** A short name of the dependency, such as {@code account-store}. */
  public String dependency() {
    return dependency;
  }

  /** The dependency's own retry hint, or {@code null}. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
