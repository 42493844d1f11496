package dev.tollgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.ratelimit.RateLimit;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitSettingsTest {
  private static final String RESOURCE = "https://mcp.example.com/mcp";

  @Test
  void loadWhenRateAndConcurrencyLimitsGivenThenParsedPerPlan() {
    TollgateSettings settings =
        load(
            Map.of(
                "rate-limits", "professional=600/PT1M,burst=60; free=60/PT1M",
                "concurrency-limits", "free=2\nprofessional=10"));

    assertEquals(
        Map.of(
            "professional",
            new RateLimit(600, Duration.ofMinutes(1), 60),
            "free",
            RateLimit.of(60, Duration.ofMinutes(1))),
        settings.rateLimits());
    assertEquals(Map.of("free", 2, "professional", 10), settings.concurrencyLimits());
  }

  @Test
  void configureWhenRateLimitsSetThenGateLimitsThePlanFromThePlanClaim() {
    TollgateSettings settings = load(Map.of("rate-limits", "free=2/PT1M", "plan-claim", "tier"));
    Tollgate gate =
        settings
            .configure(
                Tollgate.builder(),
                credential ->
                    Resolution.resolved(
                        TollgatePrincipal.builder("acct")
                            .attributes(Map.of("tier", "free"))
                            .build()))
            .build();

    assertInstanceOf(Decision.Allow.class, gate.decide(request()));
    assertInstanceOf(Decision.Allow.class, gate.decide(request()));
    Decision.RateLimited limited =
        assertInstanceOf(Decision.RateLimited.class, gate.decide(request()));
    assertEquals("\"free\";q=2;w=60", limited.rateLimit().policy());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rate-limits|free|TOLLGATE_RATE_LIMITS (rate-limits): bad entry 'free'",
        "rate-limits|free=60 per minute|TOLLGATE_RATE_LIMITS (rate-limits): bad entry",
        "rate-limits|Free Plan=60/PT1M|TOLLGATE_RATE_LIMITS (rate-limits): rate-limits: plan name",
        "rate-limits|free=1/PT1M;free=2/PT1M|TOLLGATE_RATE_LIMITS (rate-limits): bad entry 'free=2/PT1M'",
        "concurrency-limits|free=0|TOLLGATE_CONCURRENCY_LIMITS (concurrency-limits): concurrency-limits: plan 'free'",
        "concurrency-limits|free=4294967297|TOLLGATE_CONCURRENCY_LIMITS (concurrency-limits): bad entry 'free=4294967297': '4294967297' is not a whole number",
        "tool-costs|report=5|TOLLGATE_RATE_LIMITS (rate-limits): is required",
        "rate-limit-store-failure|maybe|TOLLGATE_RATE_LIMIT_STORE_FAILURE (rate-limit-store-failure): must be open or closed",
      })
  void loadWhenInvalidThenFailureNamesTheSetting(String key, String value, String message) {
    Map<String, String> values = new HashMap<>();
    values.put(key, value);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(values));

    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void loadWhenToolCostsMoreThanAPlansBurstThenFailureNamesToolCosts() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(Map.of("rate-limits", "free=5/PT1M", "tool-costs", "report=10")));

    assertTrue(e.getMessage().startsWith("TOLLGATE_TOOL_COSTS (tool-costs):"), e.getMessage());
  }

  private static TollgateSettings load(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("resource", RESOURCE);
    return TollgateSettings.load(SettingSource.of(all));
  }

  private static RequestView request() {
    return RequestView.builder("POST", "/mcp").header("Authorization", "Bearer token").build();
  }
}
