package dev.tollgate.example.soak;

import dev.tollgate.example.soak.FlappingServer.Mode;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Switches both dependencies every tick: each fails one tick in three, in turn refused, 500,
 * garbage, slow and disconnecting, the two never at the same tick. The JWK set starts failed, so
 * the gate's very first JWKS fetches meet an outage (later ones rarely happen: the gate caches the
 * set for 5 minutes); introspection starts healthy and is asked on every new opaque token.
 */
final class FlapSchedule implements Runnable {
  private static final Mode[] FAULTS = {
    Mode.REFUSED, Mode.ERROR_500, Mode.GARBAGE, Mode.SLOW, Mode.DISCONNECT
  };

  private final FlappingServer jwks;
  private final FlappingServer introspection;
  private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
  private int tick;

  FlapSchedule(FlappingServer jwks, FlappingServer introspection) {
    this.jwks = jwks;
    this.introspection = introspection;
  }

  static Mode jwksMode(int tick) {
    return tick % 3 == 0 ? FAULTS[(tick / 3) % FAULTS.length] : Mode.UP;
  }

  static Mode introspectionMode(int tick) {
    return tick % 3 == 2 ? FAULTS[(tick / 3 + 2) % FAULTS.length] : Mode.UP;
  }

  /** Puts both dependencies in their tick-0 state. */
  void begin() {
    apply(0);
  }

  @Override
  public synchronized void run() {
    apply(++tick);
  }

  /** Both dependencies healthy again, for the end of the run. */
  synchronized void settle() {
    jwks.switchTo(Mode.UP);
    introspection.switchTo(Mode.UP);
  }

  /** A switch that failed (a port that could not be bound again), or {@code null}. */
  @Nullable RuntimeException failure() {
    return failure.get();
  }

  private void apply(int at) {
    try {
      jwks.switchTo(jwksMode(at));
      introspection.switchTo(introspectionMode(at));
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }
}
