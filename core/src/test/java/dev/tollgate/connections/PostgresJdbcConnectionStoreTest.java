package dev.tollgate.connections;

import dev.tollgate.testsupport.PostgresTestDatabase;
import javax.sql.DataSource;

/** The JDBC store contract on PostgreSQL; skipped locally without a server, required in CI. */
class PostgresJdbcConnectionStoreTest extends JdbcConnectionStoreContract {
  @Override
  DataSource dataSource() {
    return PostgresTestDatabase.dataSource();
  }
}
