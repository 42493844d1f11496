package dev.tollgate.revocation;

import dev.tollgate.TollgatePrincipal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One node's view of a shared registry: the snapshot checks read, plus the revocations made here
 * that the table has not yet shown back. Those are applied again over every refresh, so a refresh
 * that read the table just before a local write can never undo a revocation made on this node.
 */
final class NodeSnapshot {
  private static final long UNWRITTEN = Long.MIN_VALUE;

  private final Object lock = new Object();
  private volatile RevocationSnapshot current = RevocationSnapshot.EMPTY;

  /** Guarded by {@link #lock}. */
  private final List<Local> unseen = new ArrayList<>();

  /** A revocation made on this node; {@code id} is its row's once written. */
  static final class Local {
    final RevocationChange change;
    long id = UNWRITTEN;

    private Local(RevocationChange change) {
      this.change = change;
    }
  }

  boolean isRevoked(TollgatePrincipal principal) {
    return current.isRevoked(principal);
  }

  List<Revocation> revocations(String accountId) {
    return current.revocations(accountId);
  }

  List<Revocation> revocations() {
    return current.revocations();
  }

  /**
   * Applies a change made on this node at once. A revocation, disconnection or reconnection is kept
   * until the table shows its row (forever when the write failed, so it stays in force here); a
   * lift drops the local changes of its entry. A lift is not kept: re-applying it could undo a
   * later revocation from elsewhere. A reconnection can be: it only ends disconnections not later
   * than itself.
   */
  Local applyLocal(RevocationChange change) {
    Local local = new Local(change);
    synchronized (lock) {
      current = current.with(List.of(change));
      if (change.lift()) {
        unseen.removeIf(
            l ->
                l.change.accountId().equals(change.accountId())
                    && Objects.equals(l.change.clientId(), change.clientId()));
      } else {
        unseen.add(local);
      }
    }
    return local;
  }

  /** Records the id of {@code local}'s row, so a refresh that reads it can stop re-applying it. */
  void written(Local local, long id) {
    synchronized (lock) {
      local.id = id;
    }
  }

  /**
   * Applies rows read from the table, in id order, over the current snapshot, or over an empty one
   * for a full reload. Replaying rows already applied is harmless: the latest instant wins and a
   * lift removes.
   */
  void applyRows(List<JdbcRevocationTable.Row> rows, boolean full) {
    List<RevocationChange> changes = new ArrayList<>(rows.size());
    Set<Long> ids = new HashSet<>();
    for (JdbcRevocationTable.Row row : rows) {
      changes.add(row.change());
      ids.add(row.id());
    }
    synchronized (lock) {
      RevocationSnapshot next = (full ? RevocationSnapshot.EMPTY : current).with(changes);
      unseen.removeIf(l -> l.id != UNWRITTEN && ids.contains(l.id));
      List<RevocationChange> local = new ArrayList<>(unseen.size());
      unseen.forEach(l -> local.add(l.change));
      current = next.with(local);
    }
  }
}
