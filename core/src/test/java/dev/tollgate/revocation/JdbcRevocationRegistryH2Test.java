package dev.tollgate.revocation;

import dev.tollgate.testsupport.TestDataSources;
import javax.sql.DataSource;

/** The JDBC registry on an embedded H2 database, shared by the test's nodes. */
class JdbcRevocationRegistryH2Test extends JdbcRevocationRegistryContract {

  @Override
  DataSource openDatabase() {
    return TestDataSources.h2("revocation");
  }
}
