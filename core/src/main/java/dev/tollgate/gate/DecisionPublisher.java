package dev.tollgate.gate;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each decision to the audit log and the listeners; never lets them change or lose it. */
final class DecisionPublisher {
  private static final Logger log = LoggerFactory.getLogger(Tollgate.class);

  private final AuditLog auditLog;
  private final List<DecisionListener> listeners;

  DecisionPublisher(AuditLog auditLog, List<DecisionListener> listeners) {
    this.auditLog = auditLog;
    this.listeners = List.copyOf(listeners);
  }

  void publish(RequestView request, Decision decision, DecisionTrail trail) {
    if (listeners.isEmpty() && !auditLog.isEnabled(DecisionTrail.outcome(decision))) {
      // Nobody is listening (allows are audited at DEBUG): build no event, format nothing.
      return;
    }
    try {
      DecisionEvent event = trail.toEvent(request, decision);
      auditLog.onDecision(event);
      for (DecisionListener listener : listeners) {
        try {
          listener.onDecision(event);
        } catch (RuntimeException e) {
          log.warn(
              "Decision listener {} failed; the decision stands", listener.getClass().getName(), e);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Reporting a decision failed; the decision stands", e);
    }
  }
}
