package dev.tollgate.apikey;

import dev.tollgate.testsupport.PostgresTestDatabase;
import javax.sql.DataSource;

/** The JDBC store contract on PostgreSQL; skipped locally without a server, required in CI. */
class PostgresJdbcApiKeyStoreTest extends JdbcApiKeyStoreContract {
  @Override
  DataSource dataSource() {
    return PostgresTestDatabase.dataSource();
  }
}
