package dev.tollgate.account.connections;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Data sources for the JDBC store tests: embedded H2, and one that is always down. */
final class TestDataSources {
  private TestDataSources() {}

  /** A fresh in-memory H2 database that lives until the JVM exits. */
  static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:connections-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** A table name no other test class uses. */
  static String uniqueTableName(String stem) {
    return stem + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static void dropTable(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  /** A data source whose every connection attempt fails, like a database that is down. */
  static DataSource down() {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        throw new SQLTransientConnectionException("connection refused", "08001");
      }

      @Override
      public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
      }

      @Override
      public PrintWriter getLogWriter() {
        return new PrintWriter(System.err);
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> type) {
        return false;
      }
    };
  }
}
