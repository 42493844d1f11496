package dev.tollgate;

/**
 * The gate's step after entitlement and scopes: whether an authorized request fits its account's
 * request and concurrency limits. The default implementation is {@code
 * dev.tollgate.ratelimit.PlanRequestLimiter}.
 */
@FunctionalInterface
public interface RequestLimiter {
  /**
   * Admits or limits {@code request} of {@code principal}; {@code request} names the MCP method and
   * tool when the gate read them.
   *
   * @throws DependencyUnavailableException when a store is down and the limiter fails closed
   */
  Admission admit(TollgatePrincipal principal, RequestView request);

  /** No limits: the gate's default. */
  static RequestLimiter none() {
    return (principal, request) -> Admission.UNLIMITED;
  }
}
