package dev.tollgate.internal;

import dev.tollgate.testsupport.TestDataSources;
import javax.sql.DataSource;

/** The JDBC toolkit on embedded H2. */
class JdbcAccessH2Test extends JdbcAccessContract {

  @Override
  DataSource openDatabase() {
    return TestDataSources.h2("internal");
  }
}
