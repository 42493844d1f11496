package dev.tollgate.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * The PostgreSQL server that {@code .ci/run} installs and starts, for the JDBC store tests.
 *
 * <p>Its URL comes from {@code TOLLGATE_TEST_POSTGRES_URL}. Without it, tests that need PostgreSQL
 * are skipped on a developer machine, but fail when {@code TOLLGATE_REQUIRE_POSTGRES=true} (as
 * {@code .ci/run} sets), so CI can never pass by silently skipping them. Run {@code
 * .ci/postgres.sh} and export the two variables to run them locally.
 */
public final class PostgresTestDatabase {
  public static final String URL_VARIABLE = "TOLLGATE_TEST_POSTGRES_URL";
  public static final String REQUIRE_VARIABLE = "TOLLGATE_REQUIRE_POSTGRES";

  private PostgresTestDatabase() {}

  /**
   * Whether tests marked {@link RequiresPostgres} run: disabled, naming what to set, only when the
   * URL is missing and PostgreSQL is not required.
   */
  static ConditionEvaluationResult availability() {
    String url = System.getenv(URL_VARIABLE);
    if ((url == null || url.isBlank())
        && !"true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
      return ConditionEvaluationResult.disabled(
          "PostgreSQL tests skipped: "
              + URL_VARIABLE
              + " is not set (run .ci/postgres.sh and export it)");
    }
    return ConditionEvaluationResult.enabled(
        URL_VARIABLE + " is set or " + REQUIRE_VARIABLE + "=true");
  }

  /** A data source for the test database, or skips / fails the test as described above. */
  public static DataSource dataSource() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
        fail(URL_VARIABLE + " is not set but " + REQUIRE_VARIABLE + "=true");
      }
      Assumptions.abort(URL_VARIABLE + " is not set; run .ci/postgres.sh and export it");
    }
    DataSource dataSource = new UrlDataSource(url);
    try (Connection connection = dataSource.getConnection()) {
      connection.isValid(2);
    } catch (SQLException e) {
      fail("PostgreSQL at " + URL_VARIABLE + " is not reachable: " + e.getMessage());
    }
    return dataSource;
  }

  /** A minimal {@link DataSource} over {@link DriverManager}, enough for tests. */
  private static final class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return new java.io.PrintWriter(System.err);
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
