package dev.tollgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionEvent.Outcome;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.gate.Tollgate;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TollgateMetricsTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final TollgateMetrics metrics = TollgateMetrics.bindTo(registry);
  private final AtomicBoolean jwksDown = new AtomicBoolean();

  /** Takes 5 ms of the registry's clock per call, so the timer's total is known exactly. */
  private final CredentialResolver resolver =
      credential -> {
        clock.add(Duration.ofMillis(5));
        if (credential.value().startsWith("jwt")) {
          return jwksDown.get()
              ? Resolution.unavailable("jwks")
              : Resolution.resolved(principal("acct-secret-1", Set.of("mcp")));
        }
        return switch (credential.value()) {
          case "good", "good-2" -> Resolution.resolved(principal("acct-secret-1", Set.of("mcp")));
          case "narrow" -> Resolution.resolved(principal("acct-secret-2", Set.of("other")));
          case "boom" -> throw new IllegalStateException("resolver bug");
          case "other" -> Resolution.notMine();
          default -> Resolution.invalid("The access token has expired");
        };
      };

  private Tollgate gate(CredentialResolver resolver, DecisionListener... listeners) {
    Tollgate.Builder builder =
        Tollgate.builder().resource(RESOURCE).requiredScopes(Set.of("mcp")).resolver(resolver);
    for (DecisionListener listener : listeners) {
      builder.decisionListener(listener);
    }
    return builder.build();
  }

  @Test
  void decisionListenerWhenSeriesOfDecisionsThenCountsPerOutcomeAndReason() {
    Tollgate gate = gate(resolver, metrics.decisionListener());

    for (String header :
        new String[] {
          "Bearer good",
          "Bearer good",
          "Bearer good-2",
          "Bearer expired",
          "Bearer other",
          "Bearer narrow",
          "Bearer a b",
          null,
          null,
          "Bearer boom"
        }) {
      gate.decide(request(header));
    }
    jwksDown.set(true);
    gate.decide(request("Bearer jwt"));

    assertEquals(3, decisions("allow", "ok"));
    assertEquals(2, decisions("challenge", "invalid_token"));
    assertEquals(1, decisions("challenge", "insufficient_scope"));
    assertEquals(1, decisions("challenge", "invalid_request"));
    assertEquals(2, decisions("challenge", "missing_credential"));
    assertEquals(1, decisions("unavailable", "credential-resolver"));
    assertEquals(1, decisions("unavailable", "jwks"));
    assertEquals(
        11,
        registry.get(TollgateMetrics.DECISIONS).counters().stream()
            .mapToDouble(c -> c.count())
            .sum());
  }

  @Test
  void decisionListenerWhenDecisionsCarryAccountsThenNoTagHoldsAccountOrCredential() {
    Tollgate gate = gate(metrics.instrument("jwt", resolver), metrics.decisionListener());

    gate.decide(request("Bearer good"));
    gate.decide(request("Bearer narrow"));
    gate.decide(request("Bearer expired"));

    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertTrue(
            Set.of("outcome", "reason", "resolver", "result").contains(tag.getKey()), tag.getKey());
        assertTrue(
            !tag.getValue().contains("acct")
                && !tag.getValue().contains("good")
                && !tag.getValue().contains("expired")
                && !tag.getValue().contains("client"),
            tag.getValue());
      }
    }
  }

  @Test
  void decisionListenerWhenReasonIsNotACodeThenTaggedOther() {
    DecisionListener listener = metrics.decisionListener();

    listener.onDecision(event("jwks at https://idp.example.com/keys"));
    listener.onDecision(event(""));
    listener.onDecision(event("jwks"));

    assertEquals(2, decisions("unavailable", "other"));
    assertEquals(1, decisions("unavailable", "jwks"));
  }

  @Test
  void decisionListenerWhenMoreDistinctReasonsThanTheBoundThenTheRestTaggedOther() {
    DecisionListener listener = metrics.decisionListener();

    for (int i = 0; i < TagValues.MAX_VALUES + 10; i++) {
      listener.onDecision(event("dependency-" + i));
    }

    assertEquals(
        TagValues.MAX_VALUES + 1, registry.get(TollgateMetrics.DECISIONS).counters().size());
    assertEquals(10, decisions("unavailable", "other"));
  }

  @Test
  void instrumentWhenEachResultThenTimerCountsAndTimesPerResult() {
    Tollgate gate = gate(metrics.instrument("jwt", resolver));

    gate.decide(request("Bearer good"));
    gate.decide(request("Bearer good-2"));
    gate.decide(request("Bearer expired"));
    gate.decide(request("Bearer other"));
    jwksDown.set(true);
    gate.decide(request("Bearer jwt"));

    assertEquals(2, latency("resolved").count());
    assertEquals(10, latency("resolved").totalTime(TimeUnit.MILLISECONDS));
    assertEquals(1, latency("invalid").count());
    assertEquals(1, latency("not_mine").count());
    assertEquals(1, latency("unavailable").count());
    assertEquals(0, latency("error").count());
  }

  @Test
  void instrumentWhenResolverThrowsThenErrorTimedAndDecisionUnavailable() {
    Tollgate gate = gate(metrics.instrument("jwt", resolver));

    Decision decision = gate.decide(request("Bearer boom"));

    assertInstanceOf(Decision.Unavailable.class, decision);
    assertEquals(1, latency("error").count());
    assertEquals(5, latency("error").totalTime(TimeUnit.MILLISECONDS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "-leading",
        "caf\u00e9",
        "line\nbreak",
        "a2345678901234567890123456789012345678901234567890123456789012345"
      })
  void instrumentWhenNameIsNotACodeThenRejectedNamingTheSetting(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> metrics.instrument(name, resolver));

    assertTrue(e.getMessage().startsWith("name must be"), e.getMessage());
  }

  @Test
  void instrumentWhenDependencyNameIsNotACodeThenRejectedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> metrics.instrument("jwt", resolver, Set.of("https://idp.example.com")));

    assertTrue(e.getMessage().startsWith("dependencies must be"), e.getMessage());
  }

  @Test
  void cacheWhenHitsAndMissesThenCountersSizeAndRatio() {
    CachingCredentialResolver cache =
        metrics.cache("jwt", CachingCredentialResolver.of(metrics.instrument("jwt", resolver)));
    Tollgate gate = gate(cache);

    assertTrue(Double.isNaN(cacheGauge(TollgateMetrics.CACHE_HIT_RATIO)));
    gate.decide(request("Bearer good"));
    gate.decide(request("Bearer good"));
    gate.decide(request("Bearer good"));
    gate.decide(request("Bearer good-2"));

    assertEquals(
        2, registry.get(TollgateMetrics.CACHE_HITS).tag("cache", "jwt").functionCounter().count());
    assertEquals(
        2,
        registry.get(TollgateMetrics.CACHE_MISSES).tag("cache", "jwt").functionCounter().count());
    assertEquals(2, cacheGauge(TollgateMetrics.CACHE_SIZE));
    assertEquals(0.5, cacheGauge(TollgateMetrics.CACHE_HIT_RATIO));
    // Only misses reach the instrumented resolver inside the cache.
    assertEquals(2, latency("resolved").count());
  }

  @Test
  void cacheWhenReturnedThenSameInstance() {
    CachingCredentialResolver cache = CachingCredentialResolver.of(resolver);

    assertSame(cache, metrics.cache("jwt", cache));
  }

  @Test
  void cacheWhenNameAlreadyBoundThenRejected() {
    metrics.cache("jwt", CachingCredentialResolver.of(resolver));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> metrics.cache("jwt", CachingCredentialResolver.of(resolver)));

    assertEquals("a cache named jwt is already bound", e.getMessage());
  }

  @Test
  void dependencyGaugeWhenDependencyGoesDownAndRecoversThenOneZeroOne() {
    Tollgate gate =
        gate(CachingCredentialResolver.of(metrics.instrument("jwt", resolver, Set.of("jwks"))));

    assertTrue(Double.isNaN(dependencyUp("jwks")));
    assertInstanceOf(Decision.Allow.class, gate.decide(request("Bearer jwt")));
    assertEquals(1, dependencyUp("jwks"));

    jwksDown.set(true);
    assertInstanceOf(Decision.Challenge.class, gate.decide(request("Bearer expired")));
    assertEquals(1, dependencyUp("jwks"), "a refusal says nothing of the dependency");

    assertInstanceOf(Decision.Unavailable.class, gate.decide(request("Bearer jwt-x")));
    assertEquals(0, dependencyUp("jwks"));

    jwksDown.set(false);
    assertInstanceOf(Decision.Allow.class, gate.decide(request("Bearer jwt-x")));
    assertEquals(1, dependencyUp("jwks"));
  }

  private double decisions(String outcome, String reason) {
    return registry
        .get(TollgateMetrics.DECISIONS)
        .tags("outcome", outcome, "reason", reason)
        .counter()
        .count();
  }

  private Timer latency(String result) {
    return registry
        .get(TollgateMetrics.RESOLVER_LATENCY)
        .tags("resolver", "jwt", "result", result)
        .timer();
  }

  private double cacheGauge(String name) {
    return registry.get(name).tag("cache", "jwt").gauge().value();
  }

  private double dependencyUp(String dependency) {
    return registry
        .get(TollgateMetrics.DEPENDENCY_UP)
        .tag("dependency", dependency)
        .gauge()
        .value();
  }

  private static DecisionEvent event(String reason) {
    return new DecisionEvent(
        Outcome.UNAVAILABLE, reason, "POST", "/mcp", null, null, null, null, null);
  }

  private static TollgatePrincipal principal(String account, Set<String> scopes) {
    return TollgatePrincipal.builder(account).clientId("client-secret").scopes(scopes).build();
  }

  private static RequestView request(@Nullable String authorization) {
    return RequestView.of(
        "POST",
        "/mcp",
        authorization == null ? Map.of() : Map.of("Authorization", List.of(authorization)),
        null);
  }
}
