package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import dev.tollgate.Entitlement;
import dev.tollgate.Permit;
import dev.tollgate.RequestLimiter;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request limiter as the gate's last step. */
class TollgateRequestLimitTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");

  private final List<DecisionEvent> events = new ArrayList<>();

  @Test
  void decideWhenAccountOverItsLimitThenRateLimitedWithHeadersAndReason() throws Exception {
    Tollgate gate =
        gate(PlanRequestLimiter.builder().plan("free", RateLimit.parse("1/PT1M")).build());
    assertInstanceOf(Decision.Allow.class, gate.decide(request("free-user")));

    Decision.RateLimited limited =
        assertInstanceOf(Decision.RateLimited.class, gate.decide(request("free-user")));

    assertEquals("request_limit", limited.reason());
    assertEquals("\"free\";q=1;w=60", limited.rateLimit().policy());
    assertEquals(
        "too_many_requests", new ObjectMapper().readTree(limited.jsonBody()).get("error").asText());
    assertEquals("request_limit", events.get(events.size() - 1).reason());
  }

  @Test
  void decideWhenRefusedBeforeTheLimiterThenNoQuotaSpent() {
    Tollgate gate =
        gate(PlanRequestLimiter.builder().plan("free", RateLimit.parse("1/PT1M")).build());
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(Decision.Challenge.class, gate.decide(request("not-entitled")));
    }

    assertInstanceOf(Decision.Allow.class, gate.decide(request("free-user")));
  }

  @Test
  void decideWhenAdmittedThenAllowCarriesThePermit() {
    Tollgate gate = gate(PlanRequestLimiter.builder().concurrency("free", 1).build());
    Decision.Allow first =
        assertInstanceOf(Decision.Allow.class, gate.decide(request("free-user")));
    assertInstanceOf(Decision.RateLimited.class, gate.decide(request("free-user")));

    first.permit().release();

    assertInstanceOf(Decision.Allow.class, gate.decide(request("free-user")));
  }

  @Test
  void decideWhenLimiterThrowsThenUnavailableNeverAllowed() {
    Tollgate gate =
        gate(
            (principal, request) -> {
              throw new IllegalStateException("bug");
            });

    Decision.Unavailable unavailable =
        assertInstanceOf(Decision.Unavailable.class, gate.decide(request("free-user")));

    assertEquals("request-limiter", unavailable.dependency());
  }

  @Test
  void decideWhenNoLimiterThenAllowHasNoRateLimitFields() {
    Tollgate gate =
        Tollgate.builder()
            .resource(RESOURCE)
            .resolver(credential -> Resolution.resolved(TollgatePrincipal.builder("a").build()))
            .build();

    Decision.Allow allow =
        assertInstanceOf(Decision.Allow.class, gate.decide(request("free-user")));

    assertNull(allow.rateLimit());
    assertTrue(allow.permit() == Permit.none());
  }

  private Tollgate gate(RequestLimiter limiter) {
    return Tollgate.builder()
        .resource(RESOURCE)
        .resolver(
            credential ->
                Resolution.resolved(
                    TollgatePrincipal.builder(credential.value())
                        .scopes(Set.of("mcp"))
                        .attributes(Map.of("plan", "free"))
                        .build()))
        .entitlementPolicy(
            (principal, request) ->
                principal.accountId().equals("not-entitled")
                    ? Entitlement.refused("No plan", null)
                    : Entitlement.granted())
        .requiredScopes(Set.of("mcp"))
        .requestLimiter(limiter)
        .decisionListener(events::add)
        .build();
  }

  private static RequestView request(String token) {
    return RequestView.builder("POST", "/mcp").header("Authorization", "Bearer " + token).build();
  }
}
