package dev.tollgate.account.connections;

import dev.tollgate.testsupport.TestDataSources;
import javax.sql.DataSource;

/** The JDBC store contract on embedded H2. */
class H2JdbcConnectionStoreTest extends JdbcConnectionStoreContract {
  @Override
  DataSource dataSource() {
    return TestDataSources.h2("connections");
  }
}
