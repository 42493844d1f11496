package dev.tollgate.account.connections;

import dev.tollgate.testsupport.TestDataSources;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract against {@link JdbcConnectionStore}; each subclass gets its own table, dropped
 * after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcConnectionStoreContract extends ConnectionStoreContract {
  private DataSource dataSource;
  private String table;
  private JdbcConnectionStore jdbcStore;

  abstract DataSource dataSource();

  @BeforeAll
  void createTable() {
    dataSource = dataSource();
    table = TestDataSources.uniqueTableName("tg_connection_test");
    jdbcStore = JdbcConnectionStore.builder(dataSource).tableName(table).build();
    jdbcStore.createSchemaIfMissing();
    // A second call at the next start-up finds the table and changes nothing.
    jdbcStore.createSchemaIfMissing();
  }

  @AfterAll
  void dropTable() throws SQLException {
    if (dataSource != null && table != null) {
      TestDataSources.dropTable(dataSource, table);
    }
  }

  @Override
  ConnectionStore store() {
    return jdbcStore;
  }
}
