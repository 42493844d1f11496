package dev.tollgate.internal;

import dev.tollgate.DependencyUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What every JDBC store does the same way: borrow a connection, run prepared statements that each
 * carry the query timeout, run a transaction, create the schema, and report any {@link
 * SQLException} as a {@link DependencyUnavailableException} under the store's one dependency name,
 * so no checked or raw SQL exception reaches a caller and an outage answers 503. Not API.
 *
 * <p>The exceptions carry the driver's message as their cause: the stores bind only hashes, ids and
 * scopes, never a credential, so nothing secret can be in it.
 */
public final class JdbcAccess {
  private final DataSource dataSource;
  private final String dependency;
  private final int queryTimeoutSeconds;

  private JdbcAccess(DataSource dataSource, String dependency, Duration queryTimeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.dependency = Objects.requireNonNull(dependency, "dependency == null");
    this.queryTimeoutSeconds =
        timeoutSeconds(Objects.requireNonNull(queryTimeout, "queryTimeout == null"));
  }

  /**
   * Access to {@code dataSource} for the store named {@code dependency}; each statement may run
   * {@code queryTimeout}, in whole seconds (JDBC's unit, the fraction dropped), at least one.
   */
  public static JdbcAccess of(DataSource dataSource, String dependency, Duration queryTimeout) {
    return new JdbcAccess(dataSource, dependency, queryTimeout);
  }

  /**
   * Returns {@code queryTimeout} when it is at least one second (JDBC counts whole seconds; below
   * one, zero would mean no timeout at all).
   *
   * @throws IllegalArgumentException otherwise, naming the setting {@code queryTimeout}
   */
  public static Duration requireQueryTimeout(Duration queryTimeout) {
    Objects.requireNonNull(queryTimeout, "queryTimeout == null");
    if (queryTimeout.toSeconds() < 1 || queryTimeout.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "queryTimeout must be at least one second, was " + queryTimeout);
    }
    return queryTimeout;
  }

  /**
   * Runs the prepared {@code insert}: {@code true} when it inserted, {@code false} when it failed
   * on a unique key ({@link SqlErrors#isUniqueViolation}) because the row is there already; any
   * other failure is thrown. On PostgreSQL a failed statement aborts the transaction it is in: roll
   * back before going on.
   */
  public static boolean insertUnlessDuplicate(PreparedStatement insert) throws SQLException {
    try {
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Work on a borrowed connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** The timeout every statement prepared here carries, in seconds. */
  public int queryTimeoutSeconds() {
    return queryTimeoutSeconds;
  }

  /**
   * Runs {@code work} on a connection borrowed for it (in the data source's default mode,
   * auto-commit for a pool) and returns it; a {@link SQLException} becomes a {@link
   * DependencyUnavailableException}, other exceptions pass through.
   */
  public <T> T withConnection(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * {@link #withConnection} with {@code work} in one transaction ({@link #inTransaction(Connection,
   * Work)}).
   */
  public <T> T inTransaction(Work<T> work) {
    return withConnection(connection -> inTransaction(connection, work));
  }

  /**
   * Runs {@code work} on {@code connection} with auto-commit off, commits when it returns and rolls
   * back when it throws (a failed rollback is added as suppressed), then restores the connection's
   * auto-commit mode. {@code work} may itself roll back and go on in a new transaction.
   */
  public <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** {@code sql} prepared on {@code connection} with the query timeout. */
  public PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    return withTimeout(connection.prepareStatement(sql));
  }

  /** {@code sql} prepared to return generated keys, with the query timeout. */
  public PreparedStatement prepareReturningKeys(Connection connection, String sql)
      throws SQLException {
    return withTimeout(connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS));
  }

  private PreparedStatement withTimeout(PreparedStatement statement) throws SQLException {
    try {
      statement.setQueryTimeout(queryTimeoutSeconds);
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * Runs the schema script {@code resource} next to {@code anchor} with {@code tableName} in place
   * of {@code defaultName} ({@link SqlScripts#statements(Class, String, String, String)}), each
   * statement with the query timeout, on one connection.
   */
  public void createSchema(Class<?> anchor, String resource, String defaultName, String tableName) {
    List<String> statements = SqlScripts.statements(anchor, resource, defaultName, tableName);
    withConnection(
        connection -> {
          for (String sql : statements) {
            try (PreparedStatement statement = prepare(connection, sql)) {
              statement.execute();
            }
          }
          return statements.size();
        });
  }

  /** An outage of this store, caused by {@code cause} ({@code null} when there is none to tell). */
  public DependencyUnavailableException unavailable(@Nullable Throwable cause) {
    return new DependencyUnavailableException(dependency, cause);
  }

  private static int timeoutSeconds(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be positive, was " + timeout);
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
  }
}
