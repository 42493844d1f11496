package dev.tollgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The JDBC toolkit on the PostgreSQL test server, plus the query timeout at work. */
@RequiresPostgres
class JdbcAccessPostgresTest extends JdbcAccessContract {

  @Override
  DataSource openDatabase() {
    return PostgresTestDatabase.dataSource();
  }

  @Test
  void prepareWhenStatementRunsPastTheTimeoutThenCancelledAsDependencyUnavailable() {
    JdbcAccess oneSecond = JdbcAccess.of(database, DEPENDENCY, Duration.ofSeconds(1));

    DependencyUnavailableException e =
        assertThrows(
            DependencyUnavailableException.class,
            () ->
                oneSecond.withConnection(
                    connection -> {
                      try (PreparedStatement sleep =
                          oneSecond.prepare(connection, "SELECT pg_sleep(600)")) {
                        return sleep.execute();
                      }
                    }));

    // 57014: query_canceled, what PostgreSQL answers when the driver cancels at the timeout.
    assertEquals("57014", assertInstanceOf(SQLException.class, e.getCause()).getSQLState());
  }
}
