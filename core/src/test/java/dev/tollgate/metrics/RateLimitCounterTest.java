package dev.tollgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.ratelimit.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitCounterTest {
  @Test
  void onAdmissionWhenLimiterDecidesThenCountedByPlanAndOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("2/PT1H"))
            .listener(TollgateMetrics.bindTo(registry).rateLimitListener())
            .build();
    TollgatePrincipal free =
        TollgatePrincipal.builder("acct").attributes(Map.of("plan", "free")).build();

    for (int i = 0; i < 3; i++) {
      limiter.admit(free, RequestView.builder("POST", "/mcp").build());
    }

    assertEquals(
        2.0,
        registry
            .get(TollgateMetrics.RATE_LIMITS)
            .tag("plan", "free")
            .tag("outcome", "allowed")
            .counter()
            .count());
    assertEquals(
        1.0,
        registry
            .get(TollgateMetrics.RATE_LIMITS)
            .tag("plan", "free")
            .tag("outcome", "request_limit")
            .counter()
            .count());
  }
}
