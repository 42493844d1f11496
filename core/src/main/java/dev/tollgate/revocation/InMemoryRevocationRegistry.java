package dev.tollgate.revocation;

import dev.tollgate.TollgatePrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@link RevocationRegistry#inMemory()}: one volatile snapshot, replaced under a lock. */
final class InMemoryRevocationRegistry implements RevocationRegistry {
  private final Clock clock;
  private final Object writeLock = new Object();
  private volatile RevocationSnapshot snapshot = RevocationSnapshot.EMPTY;

  InMemoryRevocationRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public void revokeAccount(String accountId, Instant at) {
    apply(RevocationChange.revoke(accountId, null, at));
  }

  @Override
  public void revokeClient(String accountId, String clientId, Instant at) {
    Objects.requireNonNull(clientId, "clientId == null");
    apply(RevocationChange.revoke(accountId, clientId, at));
  }

  @Override
  public void disconnectClient(String accountId, String clientId, Instant at) {
    apply(RevocationChange.disconnect(accountId, clientId, at));
  }

  @Override
  public void reconnectClient(String accountId, String clientId, Instant at) {
    apply(RevocationChange.reconnect(accountId, clientId, at));
  }

  @Override
  public void lift(String accountId, @Nullable String clientId) {
    apply(RevocationChange.lift(accountId, clientId, clock.instant()));
  }

  private void apply(RevocationChange change) {
    synchronized (writeLock) {
      snapshot = snapshot.with(List.of(change));
    }
  }

  @Override
  public List<Revocation> revocations() {
    return snapshot.revocations();
  }

  @Override
  public List<Revocation> revocations(String accountId) {
    return snapshot.revocations(Objects.requireNonNull(accountId, "accountId == null"));
  }

  @Override
  public boolean isRevoked(TollgatePrincipal principal) {
    return snapshot.isRevoked(principal);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "RevocationRegistry.inMemory";
  }
}
