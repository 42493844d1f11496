package dev.tollgate.jwt;

import com.nimbusds.jwt.proc.BadJWTException;

/**
 * A token refusal carrying its {@link RejectReason}. It extends Nimbus' {@link BadJWTException} so
 * that our own type and claims verifiers can raise it through {@code DefaultJWTProcessor}, and the
 * reason survives without parsing exception messages.
 */
final class TokenRejectedException extends BadJWTException {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  TokenRejectedException(RejectReason reason) {
    super(reason.name());
    this.reason = reason;
  }

  RejectReason reason() {
    return reason;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // Refusals are routine, expected outcomes; a stack trace per bad token is wasted work.
    return this;
  }
}
