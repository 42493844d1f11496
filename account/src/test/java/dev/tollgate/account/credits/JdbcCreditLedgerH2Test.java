package dev.tollgate.account.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ledger contract on embedded H2, plus what is specific to JDBC. */
class JdbcCreditLedgerH2Test extends CreditLedgerContract {
  private static final String TABLE = "ledger_h2_test";
  private static DataSource dataSource;
  private static JdbcCreditLedger ledger;
  private static Connection keepAlive;

  @BeforeAll
  static void createSchema() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    // A long lock timeout: 32 threads queue on one row; H2's default of 1 s would time some out.
    h2.setURL("jdbc:h2:mem:credit_ledger;LOCK_TIMEOUT=30000");
    dataSource = h2;
    keepAlive = dataSource.getConnection();
    // The contract queues 32 threads on one row on purpose; on a busy test machine the lock waits
    // can pass the 5 s production default, which would turn into (correct) outage errors.
    ledger =
        JdbcCreditLedger.builder(dataSource)
            .table(TABLE)
            .queryTimeout(Duration.ofSeconds(120))
            .build();
    ledger.createSchemaIfMissing();
    ledger.createSchemaIfMissing(); // idempotent
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("DROP TABLE " + TABLE + "_charges");
      statement.execute("DROP TABLE " + TABLE);
    } finally {
      keepAlive.close();
    }
  }

  @Override
  CreditLedger ledger() {
    return ledger;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1table",
        "bal-ances",
        "bal ances",
        "x; DROP TABLE y",
        "a.b.c",
        "a_table_name_one_character_longer_than_the_limit_of_54c"
      })
  void tableWhenTableNameInvalidThenFailsNamingSetting(String table) {
    JdbcCreditLedger.Builder builder = JdbcCreditLedger.builder(dataSource);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.table(table));
    assertTrue(e.getMessage().startsWith("table"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"balances", "Balances", "_b2", "public.tollgate_balances"})
  void buildWhenTableNameValidThenBuilt(String table) {
    JdbcCreditLedger.builder(dataSource).table(table).build();
  }

  @Test
  void chargeWhenDatabaseUnreachableThenDependencyUnavailable() {
    JdbcDataSource missing = new JdbcDataSource();
    missing.setURL("jdbc:h2:mem:never_created;IFEXISTS=TRUE");
    JdbcCreditLedger down = JdbcCreditLedger.builder(missing).build();

    assertThrows(DependencyUnavailableException.class, () -> down.charge("a", 1));
    assertThrows(DependencyUnavailableException.class, () -> down.balance("a"));
    assertThrows(DependencyUnavailableException.class, () -> down.grant("a", 1));
  }

  /**
   * Two nodes grant the first credits of an account at once: this one finds no row, the other
   * inserts it first, and this insert fails on the primary key. Through a pool that wraps the
   * driver's exception (cause chain), that must still read as the race it is, and the grant be
   * retried as an addition, not fail as an outage.
   */
  @Test
  void grantWhenConcurrentFirstGrantReportedThroughWrappedExceptionThenRetriedAndBothCounted() {
    String account = "raced-" + System.nanoTime();
    DataSource wrapped =
        WrappingDataSource.over(
            dataSource,
            "INSERT INTO " + TABLE + " (",
            "INSERT INTO " + TABLE + " (account_id, balance) VALUES ('" + account + "', 5)");
    JdbcCreditLedger racing = JdbcCreditLedger.builder(wrapped).table(TABLE).build();

    assertEquals(12, racing.grant(account, 7));
    assertEquals(12, ledger.balance(account));
  }

  @Test
  void chargeWhenTableMissingThenDependencyUnavailable() {
    JdbcCreditLedger noSchema = JdbcCreditLedger.builder(dataSource).table("not_created").build();

    DependencyUnavailableException e =
        assertThrows(DependencyUnavailableException.class, () -> noSchema.charge("a", 1));
    assertEquals("credit-ledger", e.dependency());
  }

  @Test
  void createSchemaIfMissingWhenNegativeBalanceInsertedThenCheckConstraintRefuses()
      throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      assertThrows(
          SQLException.class,
          () -> statement.execute("INSERT INTO " + TABLE + " VALUES ('neg', -1)"));
    }
  }
}
