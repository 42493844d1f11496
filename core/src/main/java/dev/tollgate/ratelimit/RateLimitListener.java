package dev.tollgate.ratelimit;

import dev.tollgate.Admission;

/**
 * Told of every admission a {@link PlanRequestLimiter} decides, for metrics: {@code
 * dev.tollgate.metrics.TollgateMetrics} counts them by plan and outcome.
 */
@FunctionalInterface
public interface RateLimitListener {
  /** The outcome when the request was admitted. */
  String ALLOWED = "allowed";

  /** Reported, besides the admission, when the shared store failed and local limits applied. */
  String STORE_UNAVAILABLE = "store_unavailable";

  /**
   * Called once for every admission the limiter decides.
   *
   * @param plan the plan whose limits applied ({@value PlanRequestLimiter#DEFAULT_PLAN} when the
   *     account's plan has none of its own)
   * @param outcome {@link #ALLOWED}, {@link Admission.Limited#REQUEST_LIMIT}, {@link
   *     Admission.Limited#CONCURRENCY_LIMIT} or {@link #STORE_UNAVAILABLE}
   */
  void onAdmission(String plan, String outcome);

  /** Tells nobody. */
  static RateLimitListener none() {
    return (plan, outcome) -> {};
  }
}
