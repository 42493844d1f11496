package dev.tollgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.testsupport.SwitchableDataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcAccess}, {@link SqlErrors} and {@link SqlTimestamps} against a real database: H2 and
 * PostgreSQL run the same tests.
 */
abstract class JdbcAccessContract {
  static final String DEPENDENCY = "sample-store";
  static final Instant AT = Instant.parse("2026-03-01T12:34:56.789Z");

  DataSource database;
  JdbcAccess jdbc;
  String table;

  /** The database under test. */
  abstract DataSource openDatabase();

  @BeforeEach
  void createSchema() {
    database = openDatabase();
    jdbc = JdbcAccess.of(database, DEPENDENCY, Duration.ofSeconds(5));
    table =
        ("tg_internal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
            .toLowerCase(Locale.ROOT);
    jdbc.createSchema(JdbcAccessContract.class, "sample-schema.sql", "sample_table", table);
  }

  @AfterEach
  void dropSchema() {
    jdbc.withConnection(
        connection -> {
          for (String sql : new String[] {"DROP TABLE " + table + "_log", "DROP TABLE " + table}) {
            try (PreparedStatement drop = connection.prepareStatement(sql)) {
              drop.execute();
            }
          }
          return null;
        });
  }

  int insert(Connection connection, String id, long amount) throws SQLException {
    try (PreparedStatement insert =
        jdbc.prepare(connection, "INSERT INTO " + table + " (id, amount) VALUES (?, ?)")) {
      insert.setString(1, id);
      insert.setLong(2, amount);
      return insert.executeUpdate();
    }
  }

  int count() {
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement select =
                  jdbc.prepare(connection, "SELECT COUNT(*) FROM " + table);
              ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
          }
        });
  }

  /** The exception inserting a row with {@code id} again throws. */
  SQLException duplicateOf(String id) {
    jdbc.withConnection(connection -> insert(connection, id, 1));
    return jdbc.withConnection(
        connection -> assertThrows(SQLException.class, () -> insert(connection, id, 1)));
  }

  @Test
  void createSchemaWhenRunTwiceThenTablesOfTheGivenNameKeepTheirRows() {
    jdbc.withConnection(connection -> insert(connection, "a", 1));

    jdbc.createSchema(JdbcAccessContract.class, "sample-schema.sql", "sample_table", table);

    assertEquals(1, count());
    jdbc.withConnection(
        connection -> {
          try (PreparedStatement log =
              jdbc.prepare(connection, "INSERT INTO " + table + "_log (id) VALUES ('a')")) {
            return log.executeUpdate();
          }
        });
  }

  @Test
  void prepareWhenStatementPreparedThenItCarriesTheQueryTimeout() {
    JdbcAccess fractional = JdbcAccess.of(database, DEPENDENCY, Duration.ofMillis(2500));

    int seconds =
        fractional.withConnection(
            connection -> {
              try (PreparedStatement select = fractional.prepare(connection, "SELECT 1");
                  PreparedStatement keys =
                      fractional.prepareReturningKeys(
                          connection, "INSERT INTO " + table + " (id, amount) VALUES ('k', 1)")) {
                assertEquals(2, keys.getQueryTimeout());
                return select.getQueryTimeout();
              }
            });

    assertEquals(2, seconds);
    assertEquals(
        1, JdbcAccess.of(database, DEPENDENCY, Duration.ofMillis(250)).queryTimeoutSeconds());
  }

  @Test
  void inTransactionWhenWorkReturnsThenCommittedAndAutoCommitRestored() {
    boolean autoCommit =
        jdbc.withConnection(
            connection -> {
              jdbc.inTransaction(connection, c -> insert(c, "a", 1) + insert(c, "b", 2));
              return connection.getAutoCommit();
            });

    assertTrue(autoCommit);
    assertEquals(2, count());
  }

  @Test
  void inTransactionWhenWorkThrowsThenRolledBackAndExceptionPassedOn() {
    IllegalStateException thrown = new IllegalStateException("work failed");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                jdbc.inTransaction(
                    connection -> {
                      insert(connection, "a", 1);
                      throw thrown;
                    }));

    assertSame(thrown, e);
    assertEquals(0, count());
  }

  @Test
  void inTransactionWhenStatementFailsThenRolledBackAndDependencyUnavailable() {
    DependencyUnavailableException e =
        assertThrows(
            DependencyUnavailableException.class,
            () ->
                jdbc.inTransaction(
                    connection -> {
                      insert(connection, "a", 1);
                      return insert(connection, "b", -1); // the CHECK refuses it
                    }));

    assertEquals(DEPENDENCY, e.dependency());
    assertInstanceOf(SQLException.class, e.getCause());
    assertEquals(0, count());
  }

  @Test
  void withConnectionWhenDatabaseDownThenDependencyUnavailableNamingTheStore() {
    SwitchableDataSource switchable = new SwitchableDataSource(database);
    switchable.down();
    JdbcAccess down = JdbcAccess.of(switchable, DEPENDENCY, Duration.ofSeconds(5));

    for (Runnable call :
        new Runnable[] {
          () -> down.withConnection(connection -> 1),
          () -> down.inTransaction(connection -> 1),
          () ->
              down.createSchema(
                  JdbcAccessContract.class, "sample-schema.sql", "sample_table", table)
        }) {
      DependencyUnavailableException e =
          assertThrows(DependencyUnavailableException.class, call::run);
      assertEquals(DEPENDENCY, e.dependency());
      assertInstanceOf(SQLException.class, e.getCause());
    }
  }

  @Test
  void isUniqueViolationWhenSameKeyInsertedTwiceThenTrue() {
    assertTrue(SqlErrors.isUniqueViolation(duplicateOf("a")));
  }

  @Test
  void isUniqueViolationWhenDriverExceptionChainedThenStillTrue() {
    SQLException duplicate = duplicateOf("a");
    SQLException wrappedAsCause = new SQLException("statement failed in the pool", duplicate);
    SQLException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0]);
    batch.setNextException(duplicate);
    SQLException deeper = new SQLException("outer", "HY000");
    deeper.setNextException(wrappedAsCause);

    assertTrue(SqlErrors.isUniqueViolation(wrappedAsCause));
    assertTrue(SqlErrors.isUniqueViolation(batch));
    assertTrue(SqlErrors.isUniqueViolation(deeper));
  }

  @Test
  void isUniqueViolationWhenOtherIntegrityViolationThenFalse() {
    SQLException check =
        jdbc.withConnection(
            connection -> assertThrows(SQLException.class, () -> insert(connection, "neg", -1)));
    SQLException notNull =
        jdbc.withConnection(
            connection ->
                assertThrows(
                    SQLException.class,
                    () -> {
                      try (PreparedStatement insert =
                          jdbc.prepare(
                              connection,
                              "INSERT INTO " + table + " (id, amount) VALUES (?, NULL)")) {
                        insert.setString(1, "null-amount");
                        insert.executeUpdate();
                      }
                    }));

    assertTrue(check.getSQLState().startsWith("23"), check.getSQLState());
    assertTrue(notNull.getSQLState().startsWith("23"), notNull.getSQLState());
    assertFalse(SqlErrors.isUniqueViolation(check));
    assertFalse(SqlErrors.isUniqueViolation(notNull));
    assertFalse(SqlErrors.isUniqueViolation(new SQLException("wrapped", check)));
  }

  @Test
  void insertUnlessDuplicateWhenRowAlreadyThereThenFalseAndOtherFailuresThrown() {
    String sql = "INSERT INTO " + table + " (id, amount) VALUES (?, ?)";
    JdbcAccess.Work<Boolean> insertA =
        connection -> {
          try (PreparedStatement insert = jdbc.prepare(connection, sql)) {
            insert.setString(1, "a");
            insert.setLong(2, 1);
            return JdbcAccess.insertUnlessDuplicate(insert);
          }
        };

    assertTrue(jdbc.withConnection(insertA));
    assertFalse(jdbc.withConnection(insertA));
    DependencyUnavailableException e =
        assertThrows(
            DependencyUnavailableException.class,
            () ->
                jdbc.withConnection(
                    connection -> {
                      try (PreparedStatement insert = jdbc.prepare(connection, sql)) {
                        insert.setString(1, "negative");
                        insert.setLong(2, -1);
                        return JdbcAccess.insertUnlessDuplicate(insert);
                      }
                    }));
    assertEquals(DEPENDENCY, e.dependency());
    assertEquals(1, count());
  }

  @Test
  void timestampsWhenWrittenAndReadThenSameInstantAndNullKept() {
    Instant[] read =
        jdbc.withConnection(
            connection -> {
              insert(connection, "with", 1);
              insert(connection, "without", 1);
              try (PreparedStatement update =
                  jdbc.prepare(connection, "UPDATE " + table + " SET at = ? WHERE id = ?")) {
                SqlTimestamps.set(update, 1, AT);
                update.setString(2, "with");
                update.executeUpdate();
                SqlTimestamps.set(update, 1, null);
                update.setString(2, "without");
                update.executeUpdate();
              }
              try (PreparedStatement select =
                      jdbc.prepare(connection, "SELECT at FROM " + table + " ORDER BY id");
                  ResultSet rows = select.executeQuery()) {
                rows.next();
                Instant with = SqlTimestamps.get(rows, 1);
                rows.next();
                Instant without = SqlTimestamps.getNullable(rows, 1);
                assertThrows(SQLException.class, () -> SqlTimestamps.get(rows, 1));
                return new Instant[] {with, without};
              }
            });

    assertEquals(AT, read[0]);
    assertNull(read[1]);
  }
}
