package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.TollgatePrincipal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interleavings of a local revocation with refreshes, made deterministic by calling the steps
 * in the order a race could produce them.
 */
class NodeSnapshotTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final TollgatePrincipal EARLIER =
      TollgatePrincipal.builder("acct").clientId("app").issuedAt(T0.minusSeconds(60)).build();
  private static final RevocationChange REVOKE = RevocationChange.revoke("acct", "app", T0);

  private final NodeSnapshot node = new NodeSnapshot();

  private static JdbcRevocationTable.Row row(long id, RevocationChange change) {
    return new JdbcRevocationTable.Row(id, change);
  }

  @Test
  void applyRowsWhenRefreshReadTableBeforeLocalWriteThenLocalRevocationKept() {
    NodeSnapshot.Local local = node.applyLocal(REVOKE);

    node.applyRows(List.of(), true);
    assertTrue(node.isRevoked(EARLIER), "read before the insert started");

    node.written(local, 7);
    node.applyRows(List.of(), false);
    assertTrue(node.isRevoked(EARLIER), "read before the insert committed");
  }

  @Test
  void applyRowsWhenLocalRowSeenThenLaterLiftFromElsewhereApplies() {
    NodeSnapshot.Local local = node.applyLocal(REVOKE);
    node.written(local, 7);
    node.applyRows(List.of(row(7, REVOKE)), false);

    node.applyRows(List.of(row(8, RevocationChange.lift("acct", "app", T0.plusSeconds(1)))), false);

    assertFalse(node.isRevoked(EARLIER));
  }

  @Test
  void applyRowsWhenLocalWriteFailedThenRevocationSurvivesFullReloads() {
    node.applyLocal(REVOKE);

    node.applyRows(List.of(), true);
    node.applyRows(List.of(row(3, RevocationChange.revoke("other", null, T0))), true);

    assertTrue(node.isRevoked(EARLIER));
  }

  @Test
  void applyLocalWhenLiftedHereThenUnwrittenRevocationDropped() {
    node.applyLocal(REVOKE);

    node.applyLocal(RevocationChange.lift("acct", "app", T0.plusSeconds(1)));
    node.applyRows(List.of(), true);

    assertFalse(node.isRevoked(EARLIER));
  }
}
