package dev.tollgate.account.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.testsupport.TestDataSources;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JdbcConnectionStore}'s configuration and its behaviour when the database is down. */
class JdbcConnectionStoreTest {

  @ParameterizedTest
  @ValueSource(strings = {"connections", "app.connections", "_t1", "T_CONNECTION"})
  void tableNameWhenPlainIdentifierThenAccepted(String name) {
    assertEquals(
        name,
        JdbcConnectionStore.builder(TestDataSources.h2("connections"))
            .tableName(name)
            .build()
            .tableName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1table",
        "a-b",
        "a b",
        "t; DROP TABLE x",
        "\"quoted\"",
        "a.b.c",
        "a.",
        ".a",
        "t--",
        "t/*",
        "this_name_is_far_too_long_for_postgresql_identifiers_to_hold_it_0123"
      })
  void tableNameWhenNotAPlainIdentifierThenRefusedNamingTheSetting(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdbcConnectionStore.builder(TestDataSources.h2("connections")).tableName(name));
    assertTrue(e.getMessage().startsWith("tableName"), e.getMessage());
  }

  @Test
  void queryTimeoutWhenBelowOneSecondThenRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JdbcConnectionStore.builder(TestDataSources.h2("connections"))
                .queryTimeout(Duration.ofMillis(500)));
  }

  @Test
  void everyCallWhenDatabaseDownThenDependencyUnavailable() {
    JdbcConnectionStore store = JdbcConnectionStore.builder(TestDataSources.down()).build();

    for (Runnable call :
        new Runnable[] {
          () -> store.record("acct", "client", Set.of("mcp"), Instant.EPOCH),
          () -> store.list("acct"),
          () -> store.find("acct", "client"),
          () -> store.remove("acct", "client"),
          store::createSchemaIfMissing
        }) {
      DependencyUnavailableException e =
          assertThrows(DependencyUnavailableException.class, call::run);
      assertEquals(JdbcConnectionStore.DEPENDENCY, e.dependency());
    }
  }

  @Test
  void schemaSqlWhenLoadedThenHasNoCommentsAndNamesTheDefaultTable() {
    String sql = JdbcConnectionStore.schemaSql();

    assertFalse(sql.contains("--"));
    assertTrue(sql.contains(JdbcConnectionStore.DEFAULT_TABLE));
  }
}
