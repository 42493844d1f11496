package dev.tollgate.account.credits;

import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ledger contract on PostgreSQL, in a table of its own that is dropped afterwards. */
@RequiresPostgres
class JdbcCreditLedgerPostgresTest extends CreditLedgerContract {
  private static final String TABLE =
      "ledger_pg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static DataSource dataSource;
  private static JdbcCreditLedger ledger;

  @BeforeAll
  static void createSchema() {
    dataSource = PostgresTestDatabase.dataSource();
    // The contract queues 32 threads on one row on purpose; on a busy test machine the lock waits
    // can pass the 5 s production default, which would turn into (correct) outage errors.
    ledger =
        JdbcCreditLedger.builder(dataSource)
            .table(TABLE)
            .queryTimeout(Duration.ofSeconds(120))
            .build();
    ledger.createSchemaIfMissing();
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (dataSource == null) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TABLE + "_charges");
      statement.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }

  @Override
  CreditLedger ledger() {
    return ledger;
  }
}
