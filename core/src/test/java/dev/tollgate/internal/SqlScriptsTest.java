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
}
