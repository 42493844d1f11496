package dev.tollgate.ratelimit;

import dev.tollgate.Permit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** In-flight counts per key; a key's entry is removed when its last slot is released. */
final class InMemoryConcurrencyStore implements ConcurrencyStore {
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  @Override
  public @Nullable Permit tryAcquire(String key, int cap) {
    boolean[] acquired = new boolean[1];
    inFlight.compute(
        key,
        (k, count) -> {
          int current = count == null ? 0 : count;
          if (current >= cap) {
            return count;
          }
          acquired[0] = true;
          return current + 1;
        });
    return acquired[0] ? new Slot(key) : null;
  }

  int inFlight(String key) {
    return inFlight.getOrDefault(key, 0);
  }

  private final class Slot implements Permit {
    private final String key;
    private final AtomicBoolean released = new AtomicBoolean();

    Slot(String key) {
      this.key = key;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        inFlight.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
      }
    }
  }
}
