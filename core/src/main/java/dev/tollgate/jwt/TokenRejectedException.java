package dev.tollgate.jwt;

/**
 * A token refusal carrying its {@link RejectReason}, so that the claim checks and the mapping can
 * stop at the first fault and the reason survives without parsing exception messages.
 */
final class TokenRejectedException extends Exception {
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
