package dev.tollgate.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Data sources for the JDBC store tests: embedded H2 databases, one that is down, and table names
 * that no other test class (or developer sharing the PostgreSQL server) uses.
 */
public final class TestDataSources {
  private TestDataSources() {}

  /**
   * A fresh in-memory H2 database named after {@code stem}; it lives until the JVM exits, so every
   * connection of one test sees the same data.
   */
  public static DataSource h2(String stem) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + stem + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** A data source whose every connection attempt fails, like a database that is down. */
  public static DataSource down() {
    SwitchableDataSource dataSource = new SwitchableDataSource(h2("down"));
    dataSource.down();
    return dataSource;
  }

  /** {@code stem} with a random suffix: a table name no other test class uses. */
  public static String uniqueTableName(String stem) {
    return stem + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Drops {@code table} if it exists; {@code table} is a test's own, trusted name. */
  public static void dropTable(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }
}
