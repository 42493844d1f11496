package dev.tollgate.revocation;

import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import javax.sql.DataSource;

/** The JDBC registry on the PostgreSQL test server, shared by the test's nodes. */
@RequiresPostgres
class JdbcRevocationRegistryPostgresTest extends JdbcRevocationRegistryContract {

  @Override
  DataSource openDatabase() {
    return PostgresTestDatabase.dataSource();
  }
}
