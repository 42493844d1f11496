package dev.tollgate.gate;

import dev.tollgate.Credential;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionEvent.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link Tollgate#decide} learnt on the way to its decision, beyond the decision itself:
 * the credential it read, the principal it resolved, whether the principal was revoked. Turned into
 * a {@link DecisionEvent} once the decision is made. Confined to the deciding thread.
 */
final class DecisionTrail {
  static final String REASON_OK = "ok";
  static final String REASON_REVOKED = "revoked";
  static final String REASON_TOO_MANY_FAILURES = "too_many_failures";

  private @Nullable Credential credential;
  private @Nullable TollgatePrincipal principal;
  private boolean revoked;

  void credential(Credential credential) {
    this.credential = credential;
  }

  void principal(TollgatePrincipal principal) {
    this.principal = principal;
  }

  void revoked() {
    this.revoked = true;
  }

  DecisionEvent toEvent(RequestView request, Decision decision) {
    TollgatePrincipal resolved = principal;
    Credential read = credential;
    return new DecisionEvent(
        outcome(decision),
        reason(decision),
        request.method(),
        request.path(),
        request.remoteAddress(),
        resolved != null ? resolved.accountId() : null,
        resolved != null ? resolved.clientId() : null,
        resolved != null ? resolved.kind() : null,
        read != null ? DecisionEvent.fingerprint(read) : null);
  }

  static Outcome outcome(Decision decision) {
    if (decision instanceof Decision.Allow) {
      return Outcome.ALLOW;
    }
    if (decision instanceof Decision.Challenge) {
      return Outcome.CHALLENGE;
    }
    if (decision instanceof Decision.Unavailable) {
      return Outcome.UNAVAILABLE;
    }
    if (decision instanceof Decision.RateLimited) {
      return Outcome.RATE_LIMITED;
    }
    throw new IllegalStateException("unknown decision " + decision.getClass().getName());
  }

  private String reason(Decision decision) {
    if (decision instanceof Decision.Allow) {
      return REASON_OK;
    }
    if (decision instanceof Decision.Challenge challenge) {
      return revoked ? REASON_REVOKED : challenge.error();
    }
    if (decision instanceof Decision.Unavailable unavailable) {
      return unavailable.dependency();
    }
    return ((Decision.RateLimited) decision).reason();
  }
}
