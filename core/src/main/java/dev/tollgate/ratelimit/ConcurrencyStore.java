package dev.tollgate.ratelimit;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Permit;
import org.jspecify.annotations.Nullable;

/** Where the count of in-flight calls per account lives. */
@FunctionalInterface
public interface ConcurrencyStore {
  /**
   * One of at most {@code cap} slots of {@code key}, or {@code null} when all are held.
   *
   * @throws DependencyUnavailableException when the store cannot answer
   */
  @Nullable Permit tryAcquire(String key, int cap);

  /**
   * Counts in this JVM. An entry exists only while a call holds a slot, so the map is bounded by
   * the calls in flight (themselves bounded by the container's threads and connections).
   */
  static ConcurrencyStore inMemory() {
    return new InMemoryConcurrencyStore();
  }
}
