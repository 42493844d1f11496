package dev.tollgate.audit;

/**
 * Told of every decision the gate makes, after it is made; for metrics and custom audit sinks.
 *
 * <p>Called on the request's thread, so it must be quick and must not block. It cannot change the
 * decision: an exception it throws is logged and otherwise ignored. A Micrometer binding is a few
 * lines:
 *
 * <pre>{@code
 * .decisionListener(event -> registry.counter("tollgate.decisions",
 *     "outcome", event.outcome().code(), "reason", event.reason()).increment())
 * }</pre>
 *
 * <p>Tag metrics with {@link DecisionEvent#outcome()} and {@link DecisionEvent#reason()} only: the
 * account, client and path are unbounded and would explode a metrics registry.
 */
@FunctionalInterface
public interface DecisionListener {

  /** Called once per {@code Tollgate.decide}, with what was decided and for whom. */
  void onDecision(DecisionEvent event);
}
