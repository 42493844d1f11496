package dev.tollgate.account.apikey;

import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import javax.sql.DataSource;

/** The JDBC store contract on PostgreSQL; skipped locally without a server, required in CI. */
@RequiresPostgres
class PostgresJdbcApiKeyStoreTest extends JdbcApiKeyStoreContract {
  @Override
  DataSource dataSource() {
    return PostgresTestDatabase.dataSource();
  }
}
