package dev.tollgate.revocation;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The JDBC registry on an embedded H2 database, shared by the test's nodes. */
class JdbcRevocationRegistryH2Test extends JdbcRevocationRegistryContract {

  @Override
  DataSource openDatabase() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:revocation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
