package dev.tollgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptsTest {

  @Test
  void statementsWhenScriptHasCommentsThenStatementsOnlyStrippedInOrder() {
    List<String> statements = SqlScripts.statements(SqlScriptsTest.class, "two-statements.sql");

    assertEquals(
        List.of(
            "CREATE TABLE first_table (\n  id BIGINT NOT NULL\n)",
            "CREATE TABLE second_table (id BIGINT)"),
        statements);
  }

  @Test
  void statementsWhenResourceMissingThenIllegalStateNamingIt() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> SqlScripts.statements(SqlScriptsTest.class, "no-such.sql"));
    assertTrue(e.getMessage().contains("dev/tollgate/internal/no-such.sql"), e.getMessage());
  }

  @Test
  void statementsWhenNameGivenThenDefaultReplacedAsWholeNameAndAsStemOfDerivedNames() {
    List<String> statements =
        SqlScripts.statements(SqlScriptsTest.class, "sample-schema.sql", "sample_table", "app.t1");

    assertEquals(3, statements.size());
    assertTrue(
        statements.get(0).startsWith("CREATE TABLE IF NOT EXISTS app.t1 (\n"), statements.get(0));
    assertEquals(
        "CREATE TABLE IF NOT EXISTS app.t1_log (id VARCHAR(64) NOT NULL)", statements.get(1));
    assertEquals("CREATE INDEX IF NOT EXISTS app.t1_log_id ON app.t1_log (id)", statements.get(2));
  }

  @Test
  void statementsWhenNameOnlyLooksAlikeThenLeftAlone() {
    List<String> statements =
        SqlScripts.statements(SqlScriptsTest.class, "look-alikes.sql", "sample_table", "t1");

    assertEquals(
        List.of(
            "SELECT sample_tablex, other_sample_table, s.sample_table, sample_table$ FROM t1",
            "SELECT 1 FROM t1_log"),
        statements);
  }

  @Test
  void statementsWhenNameHasReplacementCharactersThenInsertedLiterally() {
    // Names are validated before they get here; the substitution must not interpret them anyway.
    List<String> statements =
        SqlScripts.statements(SqlScriptsTest.class, "look-alikes.sql", "sample_table", "$1\\x");

    assertEquals("SELECT 1 FROM $1\\x_log", statements.get(1));
  }
}
