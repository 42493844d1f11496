package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.SwitchableDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The registry contract plus what sharing one table between nodes adds: propagation within the
 * refresh interval, and failing closed when the database cannot be read for too long. Each test
 * class uses its own table, emptied before each test and dropped at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRevocationRegistryContract extends RevocationRegistryContract {
  /** Long enough that the refresh thread never runs during a test: tests call refreshNow(). */
  static final Duration MANUAL = Duration.ofHours(1);

  final String table =
      ("tg_rev_" + getClass().getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
          .toLowerCase(Locale.ROOT);
  private final List<JdbcRevocationRegistry> opened = new ArrayList<>();
  DataSource database;
  SwitchableDataSource switchable;

  /** The shared database every node of one test connects to. */
  abstract DataSource openDatabase();

  @BeforeAll
  void createTable() throws SQLException {
    database = openDatabase();
    new JdbcRevocationTable(database, table, Duration.ofSeconds(5)).createIfMissing();
  }

  @Override
  void prepareStore() throws SQLException {
    execute("DELETE FROM " + table);
    switchable = new SwitchableDataSource(database);
  }

  @AfterEach
  void closeRegistries() {
    opened.forEach(JdbcRevocationRegistry::close);
    opened.clear();
  }

  @AfterAll
  void dropTable() throws SQLException {
    if (database != null) {
      execute("DROP TABLE " + table);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }

  @Override
  RevocationRegistry newRegistry(Clock clock) {
    return node(clock, MANUAL);
  }

  JdbcRevocationRegistry node(Clock clock, Duration refreshInterval) {
    return node(clock, refreshInterval, refreshInterval.multipliedBy(3));
  }

  JdbcRevocationRegistry node(Clock clock, Duration refreshInterval, Duration stalenessLimit) {
    JdbcRevocationRegistry node =
        JdbcRevocationRegistry.builder(switchable)
            .tableName(table)
            .refreshInterval(refreshInterval)
            .stalenessLimit(stalenessLimit)
            .clock(clock)
            // These tests drive refreshes by hand; NOTIFY-driven ones are tested end to end in
            // MultiNodeRevocationTest.
            .notifications(false)
            .build();
    opened.add(node);
    return node;
  }

  @Test
  void isRevokedWhenRevokedOnOtherNodeThenEffectiveThereAfterItsNextRefresh() {
    JdbcRevocationRegistry nodeA = node(clock, MANUAL);
    JdbcRevocationRegistry nodeB = node(clock, MANUAL);
    TollgatePrincipal earlier = token(ACCOUNT, APP, before(T0));

    nodeA.revokeClient(ACCOUNT, APP, T0);

    assertTrue(nodeA.isRevoked(earlier), "effective at once where it was made");
    assertFalse(nodeB.isRevoked(earlier), "not yet refreshed");
    nodeB.refreshNow();
    assertTrue(nodeB.isRevoked(earlier));
    assertFalse(nodeB.isRevoked(token(ACCOUNT, OTHER_APP, before(T0))));
    assertFalse(nodeB.isRevoked(token(ACCOUNT, APP, T0.plusSeconds(1))));
  }

  @Test
  void disconnectWhenMadeOnOtherNodeThenRefreshedTokenRefusedThereUntilReconnected() {
    JdbcRevocationRegistry nodeA = node(clock, MANUAL);
    JdbcRevocationRegistry nodeB = node(clock, MANUAL);
    TollgatePrincipal refreshed = grantToken(T0.plusSeconds(60), null);
    TollgatePrincipal reapproved = grantToken(T0.plusSeconds(60), T0.plusSeconds(59));

    nodeA.disconnectClient(ACCOUNT, APP, T0);
    nodeB.refreshNow();

    assertTrue(nodeB.isRevoked(refreshed));
    assertTrue(nodeB.isRevoked(grantToken(T0.plusSeconds(60), before(T0))));
    assertFalse(nodeB.isRevoked(reapproved));

    nodeB.reconnectClient(ACCOUNT, APP, T0.plusSeconds(30));
    nodeA.refreshNow();

    assertFalse(nodeA.isRevoked(refreshed));
    assertTrue(nodeA.isRevoked(grantToken(before(T0), null)));
    // A fresh node replaying the whole table ends in the same state.
    JdbcRevocationRegistry nodeC = node(clock, MANUAL);
    assertFalse(nodeC.isRevoked(refreshed));
    assertEquals(List.of(new Revocation(ACCOUNT, APP, T0, false)), nodeC.revocations());
  }

  @Test
  void liftWhenLiftedOnOtherNodeThenAcceptedThereAfterItsNextRefresh() {
    JdbcRevocationRegistry nodeA = node(clock, MANUAL);
    JdbcRevocationRegistry nodeB = node(clock, MANUAL);
    TollgatePrincipal earlier = token(ACCOUNT, APP, before(T0));
    nodeA.revokeAccount(ACCOUNT, T0);
    nodeB.refreshNow();
    assertTrue(nodeB.isRevoked(earlier));

    nodeB.lift(ACCOUNT, null);
    nodeA.refreshNow();

    assertFalse(nodeA.isRevoked(earlier));
    assertEquals(List.of(), nodeA.revocations());
  }

  @Test
  void isRevokedWhenOtherNodeRefreshesOnScheduleThenEffectiveWithinBound() throws Exception {
    Clock system = Clock.systemUTC();
    // Real time here, on a shared machine: a staleness limit that also covers slow connections, as
    // this test is about propagation, not staleness.
    Duration interval = Duration.ofMillis(200);
    JdbcRevocationRegistry nodeA = node(system, interval, Duration.ofSeconds(30));
    JdbcRevocationRegistry nodeB = node(system, interval, Duration.ofSeconds(30));
    TollgatePrincipal earlier = token(ACCOUNT, APP, system.instant().minusSeconds(60));

    nodeA.revokeAccount(ACCOUNT);

    assertTrue(nodeA.isRevoked(earlier));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!nodeB.isRevoked(earlier) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(nodeB.isRevoked(earlier), "node B refreshed on its own within the bound");
  }

  @Test
  void isRevokedWhenDatabaseDownThenSnapshotUntilStalenessLimitThen503ThenRecovers() {
    JdbcRevocationRegistry node = node(clock, MANUAL);
    TollgatePrincipal revoked = token(ACCOUNT, APP, before(T0));
    TollgatePrincipal fine = token(ACCOUNT, OTHER_APP, before(T0));
    node.revokeClient(ACCOUNT, APP, T0);

    switchable.down();
    clock.advance(MANUAL.multipliedBy(2));
    DependencyUnavailableException refreshFailure =
        assertThrows(DependencyUnavailableException.class, node::refreshNow);
    assertEquals("revocation-registry", refreshFailure.dependency());
    assertTrue(node.isRevoked(revoked), "within the staleness limit the snapshot answers");
    assertFalse(node.isRevoked(fine));

    clock.advance(MANUAL.plusSeconds(1));
    DependencyUnavailableException stale =
        assertThrows(DependencyUnavailableException.class, () -> node.isRevoked(fine));
    assertEquals("revocation-registry", stale.dependency());
    assertThrows(DependencyUnavailableException.class, () -> node.isRevoked(revoked));

    switchable.up();
    node.refreshNow();
    assertTrue(node.isRevoked(revoked));
    assertFalse(node.isRevoked(fine));
  }

  @Test
  void revokeWhenWriteFailsThenThrowsAndStillAppliesLocally() {
    JdbcRevocationRegistry node = node(clock, MANUAL);
    JdbcRevocationRegistry other = node(clock, MANUAL);
    TollgatePrincipal earlier = token(ACCOUNT, APP, before(T0));

    switchable.down();
    DependencyUnavailableException failure =
        assertThrows(DependencyUnavailableException.class, () -> node.revokeAccount(ACCOUNT, T0));
    assertEquals("revocation-registry", failure.dependency());
    assertTrue(node.isRevoked(earlier));

    switchable.up();
    node.refreshNow();
    clock.advance(MANUAL); // the full-reload interval defaults to the refresh interval here
    node.refreshNow(); // a full reload does not drop the local revocation either
    assertTrue(node.isRevoked(earlier));
    other.refreshNow();
    assertFalse(other.isRevoked(earlier), "the write failed, so other nodes never saw it");
  }

  @Test
  void isRevokedWhenFirstRefreshFailedThen503UntilOneSucceeds() {
    switchable.down();
    JdbcRevocationRegistry node = node(clock, MANUAL);
    TollgatePrincipal principal = token(ACCOUNT, APP, before(T0));

    assertThrows(DependencyUnavailableException.class, () -> node.isRevoked(principal));

    switchable.up();
    node.refreshNow();
    assertFalse(node.isRevoked(principal));
  }

  @Test
  void refreshNowWhenRowCommittedBelowSeenIdThenFullReloadPicksItUp() throws SQLException {
    JdbcRevocationRegistry nodeA = node(clock, MANUAL);
    JdbcRevocationRegistry nodeB = node(clock, MANUAL);
    nodeA.revokeClient(ACCOUNT, OTHER_APP, T0);
    nodeB.refreshNow();
    nodeB.refreshNow();
    // A row whose id is below everything node B has seen: what a slow transaction leaves behind.
    execute(
        "INSERT INTO "
            + table
            + " (id, account_id, client_id, revoked_at_ms, lifted, recorded_at_ms)"
            + " VALUES (-1, '"
            + ACCOUNT
            + "', '"
            + APP
            + "', "
            + T0.toEpochMilli()
            + ", FALSE, 0)");
    TollgatePrincipal earlier = token(ACCOUNT, APP, before(T0));

    nodeB.refreshNow();
    assertFalse(nodeB.isRevoked(earlier), "incremental refreshes read above the seen id only");

    clock.advance(MANUAL); // the full-reload interval defaults to the refresh interval here
    nodeB.refreshNow();
    assertTrue(nodeB.isRevoked(earlier), "the periodic full reload reads every row");
  }

  @Test
  void createSchemaIfMissingWhenTableExistsThenKeepsRows() throws SQLException {
    JdbcRevocationRegistry node = node(clock, MANUAL);
    node.revokeAccount(ACCOUNT, T0);

    node.createSchemaIfMissing();

    assertTrue(node(clock, MANUAL).isRevoked(token(ACCOUNT, APP, before(T0))));
  }
}
