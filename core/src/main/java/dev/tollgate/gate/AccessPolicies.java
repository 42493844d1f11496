package dev.tollgate.gate;

import dev.tollgate.Decision;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Entitlement;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestView;
import dev.tollgate.ScopePolicy;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.Challenges;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate's last two steps, entitlement and scopes, for a principal already authenticated and
 * found unrevoked. Policy failures fail closed: a {@link DependencyUnavailableException} or a bug
 * is a 503, never an allow and never the container's 500.
 */
final class AccessPolicies {
  private static final Logger log = LoggerFactory.getLogger(Tollgate.class);

  private final EntitlementPolicy entitlementPolicy;
  private final ScopePolicy scopePolicy;
  private final Challenges challenges;
  private final Duration retryAfter;

  AccessPolicies(
      EntitlementPolicy entitlementPolicy,
      ScopePolicy scopePolicy,
      Challenges challenges,
      Duration retryAfter) {
    this.entitlementPolicy = entitlementPolicy;
    this.scopePolicy = scopePolicy;
    this.challenges = challenges;
    this.retryAfter = retryAfter;
  }

  /** Whether either policy reads the MCP method or tool. */
  boolean needsMcpCall() {
    return scopePolicy.needsMcpCall() || entitlementPolicy.needsMcpCall();
  }

  /** Entitlement, then scopes, for an authenticated, unrevoked principal. */
  Decision authorize(TollgatePrincipal principal, RequestView request, Set<String> requiredScopes) {
    try {
      Entitlement entitlement = entitlementPolicy.check(principal, request);
      if (!entitlement.allowed()) {
        return challenges.entitlementRequired(
            Objects.requireNonNull(entitlement.description()), entitlement.upgradeUri());
      }
    } catch (DependencyUnavailableException e) {
      return unavailable(e);
    } catch (RuntimeException e) {
      log.error("Entitlement check failed unexpectedly; answering 503", e);
      return challenges.unavailable("policy", retryAfter);
    }

    boolean satisfied;
    try {
      satisfied = scopePolicy.isSatisfiedBy(principal.scopes(), requiredScopes);
    } catch (RuntimeException e) {
      log.error("Scope policy failed unexpectedly; answering 503", e);
      return challenges.unavailable("scope-policy", retryAfter);
    }
    if (!satisfied) {
      return challenges.error(
          BearerError.insufficientScope("The access token lacks a scope this operation needs"),
          requiredScopes);
    }
    return new Decision.Allow(principal);
  }

  /** The 503 for a step whose dependency is down, with its own retry hint when it gave one. */
  Decision.Unavailable unavailable(DependencyUnavailableException e) {
    Duration hint = e.retryAfter();
    return challenges.unavailable(e.dependency(), hint != null ? hint : retryAfter);
  }

  /** The scopes {@code request} needs, or {@code null} when the policy failed (a bug: 503). */
  @Nullable Set<String> requiredScopes(RequestView request) {
    try {
      return scopePolicy.requiredScopes(request);
    } catch (RuntimeException e) {
      // A policy bug must fail closed, as a 503 rather than the container's 500.
      log.error("Scope policy failed unexpectedly; answering 503", e);
      return null;
    }
  }
}
