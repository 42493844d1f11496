package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcRevocationTableTest {
  private final JdbcDataSource h2 = new JdbcDataSource();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1revocations",
        "revocations; DROP TABLE users",
        "revo cations",
        "\"revocations\"",
        "revocations--",
        "a.b.c",
        ".revocations",
        "revocations.",
        "revocation$",
        "révocations",
        "a123456789012345678901234567890123456789012345678901234567890123"
      })
  void tableNameWhenNotPlainIdentifierThenRejectedNamingTheSetting(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JdbcRevocationRegistry.builder(h2).tableName(name));
    assertTrue(e.getMessage().startsWith("tableName"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"revocations", "_r", "Tollgate_Revocation_2", "auth.revocations"})
  void tableNameWhenPlainIdentifierThenAccepted(String name) {
    assertEquals(name, JdbcRevocationTable.requireTableName(name));
  }

  @Test
  void schemaStatementsWhenCustomNameThenOnlyThatNameAndNoComments() {
    List<String> statements =
        new JdbcRevocationTable(h2, "auth.revocations", Duration.ofSeconds(1)).schemaStatements();

    assertEquals(1, statements.size());
    assertTrue(statements.get(0).startsWith("CREATE TABLE IF NOT EXISTS auth.revocations ("));
    assertFalse(statements.get(0).contains("tollgate_revocation"));
    assertFalse(statements.get(0).contains("--"));
  }

  @Test
  void buildWhenStalenessLimitNotAboveRefreshIntervalThenRejected() {
    JdbcRevocationRegistry.Builder builder =
        JdbcRevocationRegistry.builder(h2)
            .refreshInterval(Duration.ofSeconds(2))
            .stalenessLimit(Duration.ofSeconds(2));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().startsWith("stalenessLimit"), e.getMessage());
  }

  @Test
  void buildWhenFullReloadShorterThanRefreshIntervalThenRejected() {
    JdbcRevocationRegistry.Builder builder =
        JdbcRevocationRegistry.builder(h2)
            .refreshInterval(Duration.ofSeconds(2))
            .fullReloadInterval(Duration.ofSeconds(1));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().startsWith("fullReloadInterval"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S"})
  void refreshIntervalWhenNotPositiveThenRejected(String value) {
    Duration duration = Duration.parse(value);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdbcRevocationRegistry.builder(h2).refreshInterval(duration));
    assertTrue(e.getMessage().startsWith("refreshInterval"), e.getMessage());
  }
}
