package dev.tollgate;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the resolvers a composite resolver was built with: each distinct {@link AutoCloseable}
 * once, a failure logged and the others still closed. (The root package depends on no other
 * Tollgate package, so this is not {@code dev.tollgate.internal.Closeables}.)
 */
final class Components {
  private static final Logger log = LoggerFactory.getLogger(Components.class);

  private Components() {}

  static void closeAll(Iterable<?> components) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object component : components) {
      if (component instanceof AutoCloseable closeable && seen.add(component)) {
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
}
