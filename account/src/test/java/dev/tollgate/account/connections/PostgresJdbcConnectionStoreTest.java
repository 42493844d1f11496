package dev.tollgate.account.connections;

import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import javax.sql.DataSource;

/** The JDBC store contract on PostgreSQL; skipped locally without a server, required in CI. */
@RequiresPostgres
class PostgresJdbcConnectionStoreTest extends JdbcConnectionStoreContract {
  @Override
  DataSource dataSource() {
    return PostgresTestDatabase.dataSource();
  }
}
