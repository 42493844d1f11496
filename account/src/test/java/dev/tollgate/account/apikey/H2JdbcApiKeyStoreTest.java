package dev.tollgate.account.apikey;

import dev.tollgate.testsupport.TestDataSources;
import javax.sql.DataSource;

/** The JDBC store contract on embedded H2. */
class H2JdbcApiKeyStoreTest extends JdbcApiKeyStoreContract {
  @Override
  DataSource dataSource() {
    return TestDataSources.h2("apikey");
  }
}
