package dev.tollgate;

/**
 * A concurrency slot held by an allowed request. The adapter releases it once the response is
 * complete (after the chain for a synchronous response; on completion, error or timeout of an
 * asynchronous or streamed one), and after errors. Releasing is idempotent, so an adapter may
 * release defensively on every exit path.
 */
@FunctionalInterface
public interface Permit {
  /** Gives the slot back; later calls do nothing. Never throws. */
  void release();

  /** A permit that holds nothing: for requests no concurrency cap applies to. */
  static Permit none() {
    return NoPermit.INSTANCE;
  }
}

enum NoPermit implements Permit {
  INSTANCE;

  @Override
  public void release() {}
}
