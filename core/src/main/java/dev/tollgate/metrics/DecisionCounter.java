package dev.tollgate.metrics;

import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts {@value TollgateMetrics#DECISIONS} by outcome and reason, and nothing else. */
final class DecisionCounter implements DecisionListener {
  private final MeterRegistry registry;
  private final TagValues reasons = new TagValues();
  // Looked up on every request: a map hit is cheaper than a builder and a registry lookup.
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  DecisionCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onDecision(DecisionEvent event) {
    String outcome = event.outcome().code();
    String reason = reasons.bounded(event.reason());
    counters
        .computeIfAbsent(
            outcome + ' ' + reason,
            key ->
                Counter.builder(TollgateMetrics.DECISIONS)
                    .description("Decisions of the gate, by outcome and reason")
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }
}
