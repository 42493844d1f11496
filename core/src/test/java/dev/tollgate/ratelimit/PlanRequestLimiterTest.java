package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Admission;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.RateLimitHeaders;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PlanRequestLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RateLimitStore store = new InMemoryRateLimitStore(1000, nanos::get);

  @Test
  void admitWhenPlanBurstSpentThenLimitedWithRetryAfterAndHeaders() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("60/PT1M,burst=2"))
            .store(store)
            .build();
    TollgatePrincipal free = principal("acct-1", "free", null);
    admitted(limiter.admit(free, call(null)));
    admitted(limiter.admit(free, call(null)));

    Admission.Limited limited =
        assertInstanceOf(Admission.Limited.class, limiter.admit(free, call(null)));

    assertEquals(Admission.Limited.REQUEST_LIMIT, limited.reason());
    assertEquals(Duration.ofSeconds(1), limited.retryAfter());
    assertEquals("\"free\";q=60;w=60", limited.headers().policy());
    assertEquals("\"free\";r=0;t=2", limited.headers().limit());
  }

  @Test
  void admitWhenOtherAccountThenUnaffected() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder().plan("free", RateLimit.parse("1/PT1M")).store(store).build();
    admitted(limiter.admit(principal("acct-1", "free", null), call(null)));
    assertInstanceOf(
        Admission.Limited.class, limiter.admit(principal("acct-1", "free", null), call(null)));

    admitted(limiter.admit(principal("acct-2", "free", null), call(null)));
  }

  @Test
  void admitWhenPlanHasOwnLimitThenItAppliesElseDefault() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("professional", RateLimit.parse("3/PT1M"))
            .plan(PlanRequestLimiter.DEFAULT_PLAN, RateLimit.parse("1/PT1M"))
            .store(store)
            .build();
    TollgatePrincipal pro = principal("acct-1", "Professional", null);
    TollgatePrincipal unknownPlan = principal("acct-2", "team", null);

    assertEquals(3, admittedCount(limiter, pro, 10));
    assertEquals(1, admittedCount(limiter, unknownPlan, 10));
  }

  @Test
  void admitWhenNoLimitForPlanAndNoDefaultThenUnlimited() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder().plan("free", RateLimit.parse("1/PT1M")).store(store).build();

    assertSame(
        Admission.UNLIMITED, limiter.admit(principal("acct-1", "enterprise", null), call(null)));
  }

  @Test
  void admitWhenExpensiveToolThenCostsItsTokens() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("10/PT1M"))
            .toolCost("report", 4)
            .store(store)
            .build();
    TollgatePrincipal free = principal("acct-1", "free", null);

    assertEquals(2, admittedCount(limiter, free, call("report"), 10));
    assertEquals(2, admittedCount(limiter, free, call("cheap"), 10));
  }

  @Test
  void admitWhenPerClientThenEachClientHasOwnBucket() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("1/PT1M"))
            .perClient(true)
            .store(store)
            .build();

    admitted(limiter.admit(principal("acct-1", "free", "agent-a"), call(null)));
    admitted(limiter.admit(principal("acct-1", "free", "agent-b"), call(null)));
    assertInstanceOf(
        Admission.Limited.class, limiter.admit(principal("acct-1", "free", "agent-a"), call(null)));
  }

  @Test
  void admitWhenConcurrencyCapReachedThenLimitedUntilAPermitIsReleased() {
    PlanRequestLimiter limiter = PlanRequestLimiter.builder().concurrency("free", 2).build();
    TollgatePrincipal free = principal("acct-1", "free", null);
    Admission.Admitted first = admitted(limiter.admit(free, call(null)));
    admitted(limiter.admit(free, call(null)));

    Admission.Limited limited =
        assertInstanceOf(Admission.Limited.class, limiter.admit(free, call(null)));
    assertEquals(Admission.Limited.CONCURRENCY_LIMIT, limited.reason());
    assertEquals("\"free-concurrency\";q=2", limited.headers().policy());
    assertEquals("\"free-concurrency\";r=0;t=1", limited.headers().limit());

    first.permit().release();
    first.permit().release();
    admitted(limiter.admit(free, call(null)));
    assertInstanceOf(Admission.Limited.class, limiter.admit(free, call(null)));
  }

  @Test
  void admitWhenBucketRefusesThenConcurrencySlotGivenBack() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("1/PT1M"))
            .concurrency("free", 1)
            .store(store)
            .build();
    TollgatePrincipal free = principal("acct-1", "free", null);
    admitted(limiter.admit(free, call(null))).permit().release();

    Admission.Limited limited =
        assertInstanceOf(Admission.Limited.class, limiter.admit(free, call(null)));
    assertEquals(Admission.Limited.REQUEST_LIMIT, limited.reason());

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    admitted(limiter.admit(free, call(null)));
  }

  @Test
  void admitWhenHeadersOnAllowedThenAdmittedCarriesThem() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("5/PT1M"))
            .headersOnAllowed(true)
            .store(store)
            .build();

    RateLimitHeaders headers =
        admitted(limiter.admit(principal("acct-1", "free", null), call(null))).headers();

    assertNotNull(headers);
    assertEquals("\"free\";r=4;t=12", headers.limit());
  }

  @Test
  void admitWhenHeadersOnlyWhenLimitedThenAdmittedCarriesNone() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder().plan("free", RateLimit.parse("5/PT1M")).store(store).build();

    assertNull(admitted(limiter.admit(principal("acct-1", "free", null), call(null))).headers());
  }

  @Test
  void admitWhenSharedStoreDownAndFailOpenThenLocalLimitsApplyAndListenerTold() {
    List<String> outcomes = new ArrayList<>();
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("2/PT1M"))
            .store(PlanRequestLimiterTest::down)
            .listener((plan, outcome) -> outcomes.add(plan + ":" + outcome))
            .build();
    TollgatePrincipal free = principal("acct-1", "free", null);

    assertEquals(2, admittedCount(limiter, free, 5));
    assertTrue(outcomes.contains("free:" + RateLimitListener.STORE_UNAVAILABLE));
    assertTrue(outcomes.contains("free:" + Admission.Limited.REQUEST_LIMIT));
  }

  @Test
  void admitWhenSharedStoreDownAndFailClosedThenDependencyUnavailableAndSlotReleased() {
    InMemoryConcurrencyStore slots = new InMemoryConcurrencyStore();
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("2/PT1M"))
            .concurrency("free", 1)
            .store(PlanRequestLimiterTest::down)
            .concurrencyStore(slots)
            .failClosed()
            .build();
    TollgatePrincipal free = principal("acct-1", "free", null);

    DependencyUnavailableException e =
        assertThrows(DependencyUnavailableException.class, () -> limiter.admit(free, call(null)));

    assertEquals("rate-limit-store", e.dependency());
    assertEquals(0, slots.inFlight("free:6:acct-1"));
  }

  @Test
  void buildWhenToolCostsMoreThanABurstThenRefusedNamingBoth() {
    PlanRequestLimiter.Builder builder =
        PlanRequestLimiter.builder().plan("free", RateLimit.parse("5/PT1M")).toolCost("report", 10);

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

    assertTrue(
        e.getMessage().contains("report") && e.getMessage().contains("free"), e.getMessage());
  }

  @Test
  void planWhenGivenTwiceThenRefused() {
    PlanRequestLimiter.Builder builder =
        PlanRequestLimiter.builder().plan("free", RateLimit.parse("5/PT1M"));

    assertThrows(
        IllegalArgumentException.class, () -> builder.plan("free", RateLimit.parse("6/PT1M")));
    assertThrows(
        IllegalArgumentException.class, () -> builder.plan("Free Plan", RateLimit.parse("6/PT1M")));
  }

  private static RateLimitStore.Consumption down(String key, RateLimit limit, long cost) {
    throw new DependencyUnavailableException(
        "rate-limit-store", new IllegalStateException("connection refused"));
  }

  private static Admission.Admitted admitted(Admission admission) {
    return assertInstanceOf(Admission.Admitted.class, admission);
  }

  private static int admittedCount(
      PlanRequestLimiter limiter, TollgatePrincipal principal, int attempts) {
    return admittedCount(limiter, principal, call(null), attempts);
  }

  private static int admittedCount(
      PlanRequestLimiter limiter, TollgatePrincipal principal, RequestView request, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.admit(principal, request) instanceof Admission.Admitted) {
        admitted++;
      }
    }
    return admitted;
  }

  static TollgatePrincipal principal(String account, String plan, @Nullable String client) {
    return TollgatePrincipal.builder(account)
        .clientId(client)
        .attributes(Map.of("plan", plan))
        .build();
  }

  /** A POST to /mcp; a {@code tools/call} of {@code tool} when given. */
  static RequestView call(@Nullable String tool) {
    return RequestView.builder("POST", "/mcp")
        .mcpCall(tool != null ? "tools/call" : null, tool)
        .build();
  }

  @Test
  void planClaimWhenSetTwiceThenFailsNamingIt() {
    PlanRequestLimiter.Builder builder = PlanRequestLimiter.builder().planClaim("tier");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.planClaim("plan"));

    assertEquals("planClaim was already set to tier", e.getMessage());
  }
}
