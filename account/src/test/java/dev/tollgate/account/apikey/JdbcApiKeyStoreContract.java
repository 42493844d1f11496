package dev.tollgate.account.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.testsupport.TestDataSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract against {@link JdbcApiKeyStore}, plus what only a database can show: its table
 * holds hashes, never keys. Each subclass gets its own table, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcApiKeyStoreContract extends ApiKeyStoreContract {
  private DataSource dataSource;
  private String table;
  private JdbcApiKeyStore jdbcStore;

  abstract DataSource dataSource();

  @BeforeAll
  void createTable() {
    dataSource = dataSource();
    table = TestDataSources.uniqueTableName("tg_apikey_test");
    jdbcStore = JdbcApiKeyStore.builder(dataSource).tableName(table).build();
    jdbcStore.createSchemaIfMissing();
  }

  @AfterAll
  void dropTable() throws SQLException {
    if (dataSource != null && table != null) {
      TestDataSources.dropTable(dataSource, table);
    }
  }

  @Override
  ApiKeyStore store() {
    return jdbcStore;
  }

  @Test
  void createWhenStoredThenTableHoldsOnlyTheHashNeverTheKey() throws SQLException {
    IssuedApiKey issued = service.create(account);
    String body = issued.key().substring(4);
    String secretPart = issued.key().substring(4 + 8, 4 + 43);

    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT * FROM " + table + " WHERE account_id = ?")) {
      statement.setString(1, account);
      try (ResultSet rows = statement.executeQuery()) {
        ResultSetMetaData columns = rows.getMetaData();
        assertTrue(rows.next());
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          values.add(String.valueOf(rows.getString(i)));
        }
        assertFalse(rows.next());
      }
    }

    assertEquals(5, values.size());
    assertTrue(values.contains(dev.tollgate.Credential.of(issued.key()).sha256Hex()));
    assertTrue(values.contains(issued.displayPrefix()));
    for (String value : values) {
      assertFalse(value.contains(body), "a column holds the key");
      assertFalse(value.contains(secretPart), "a column holds the key's secret part");
    }
  }

  @Test
  void createSchemaIfMissingWhenTableExistsThenKeepsItsRows() {
    IssuedApiKey issued = service.create(account);

    jdbcStore.createSchemaIfMissing();

    assertEquals(issued.displayPrefix(), service.describe(account).orElseThrow().displayPrefix());
  }
}
