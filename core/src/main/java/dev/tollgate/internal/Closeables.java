package dev.tollgate.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Closes the components a gate or resolver was built with: each distinct {@link AutoCloseable} once
 * (a component reachable through several routes is one component), in order, a failure of one
 * logged and the rest still closed. Not API.
 */
public final class Closeables {
  private Closeables() {}

  /**
   * The distinct {@link AutoCloseable}s among {@code components}, in order, compared by identity.
   */
  public static List<AutoCloseable> distinct(Iterable<?> components) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<AutoCloseable> closeables = new ArrayList<>();
    for (Object component : components) {
      if (component instanceof AutoCloseable closeable && seen.add(component)) {
        closeables.add(closeable);
      }
    }
    return List.copyOf(closeables);
  }

  /**
   * Closes each of {@link #distinct(Iterable) distinct(components)}; a failure is logged on {@code
   * log} (never thrown) and the others are closed all the same.
   */
  public static void closeAll(Iterable<?> components, Logger log) {
    for (AutoCloseable closeable : distinct(components)) {
      try {
        closeable.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.warn("Closing {} failed; closing the others", closeable, e);
      }
    }
  }
}
