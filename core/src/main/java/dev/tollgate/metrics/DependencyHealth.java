package dev.tollgate.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The {@value TollgateMetrics#DEPENDENCY_UP} gauges: 1 while a dependency last answered, 0 while it
 * was last reported down, {@code NaN} before either was seen.
 */
final class DependencyHealth {
  private static final int UNKNOWN = -1;

  private final MeterRegistry registry;
  private final TagValues names = new TagValues();
  private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();

  DependencyHealth(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers {@code dependency}'s gauge, unknown until something is reported. */
  void declare(String dependency) {
    state(dependency);
  }

  void up(String dependency) {
    set(dependency, 1);
  }

  /**
   * Marks {@code dependency} down; {@code false} if it has no gauge (the name bound is reached).
   */
  boolean down(String dependency) {
    return set(dependency, 0);
  }

  private boolean set(String dependency, int value) {
    AtomicInteger state = state(dependency);
    if (state == null) {
      return false;
    }
    state.set(value);
    return true;
  }

  /** The state behind {@code dependency}'s gauge; {@code null} once the name bound is reached. */
  private @Nullable AtomicInteger state(String dependency) {
    String name = names.bounded(dependency);
    if (name.equals(TagValues.OTHER)) {
      // An "other" gauge would mix unrelated dependencies into one meaningless up/down signal.
      return null;
    }
    return states.computeIfAbsent(
        name,
        key -> {
          AtomicInteger state = new AtomicInteger(UNKNOWN);
          Gauge.builder(TollgateMetrics.DEPENDENCY_UP, state, DependencyHealth::value)
              .description("1 if the dependency last answered, 0 if it was last unavailable")
              .tag("dependency", key)
              .strongReference(true)
              .register(registry);
          return state;
        });
  }

  private static double value(AtomicInteger state) {
    int value = state.get();
    return value == UNKNOWN ? Double.NaN : value;
  }
}
