package dev.tollgate.metrics;

import dev.tollgate.ratelimit.RateLimitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts {@value TollgateMetrics#RATE_LIMITS} by plan and outcome. */
final class RateLimitCounter implements RateLimitListener {
  private final MeterRegistry registry;
  // Plans are configured names, outcomes fixed codes; bounded all the same.
  private final TagValues plans = new TagValues();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  RateLimitCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onAdmission(String plan, String outcome) {
    String tag = plans.bounded(plan);
    counters
        .computeIfAbsent(
            tag + ' ' + outcome,
            key ->
                Counter.builder(TollgateMetrics.RATE_LIMITS)
                    .description("Request limiter admissions, by plan and outcome")
                    .tag("plan", tag)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }
}
