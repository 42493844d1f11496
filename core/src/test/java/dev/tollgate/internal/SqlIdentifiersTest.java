package dev.tollgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlIdentifiersTest {
  private static final String LONGEST = "t" + "a".repeat(SqlIdentifiers.MAX_PART_LENGTH - 1);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "1table",
        "table name",
        "t; DROP TABLE accounts",
        "t;--",
        "t--",
        "t/*",
        "t*/",
        "\"quoted\"",
        "'quoted'",
        "`quoted`",
        "[quoted]",
        "t-1",
        "t$",
        "t\u0000",
        "t\n",
        "t\tx",
        "t)",
        "t,u",
        "t=1",
        "a.b.c",
        ".t",
        "t.",
        "a..b",
        "s.1t",
        "cl\u00e9s",
        "\u0442\u0430\u0431\u043b\u0438\u0446\u0430",
        "t\uff1b",
        "t\u037e"
      })
  void requireTableNameWhenHostileOrNotAPlainIdentifierThenRefusedNamingTheSetting(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SqlIdentifiers.requireTableName(name, "tableName"));
    assertTrue(e.getMessage().startsWith("tableName must be"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tollgate_api_key",
        "tollgate_rate",
        "API_KEYS",
        "Tollgate_Revocation_2",
        "_t1",
        "k1",
        "public.tollgate_balances",
        "auth.revocations",
        // The longest name an existing test uses: "tg_rev_" + a test class name + a suffix.
        "tg_rev_jdbcrevocationregistrypostgrestest_0123abcd"
      })
  void requireTableNameWhenPlainOrSchemaQualifiedIdentifierThenReturned(String name) {
    assertEquals(name, SqlIdentifiers.requireTableName(name, "tableName"));
  }

  @org.junit.jupiter.api.Test
  void requireTableNameWhenPartAtTheLimitThenAcceptedAndOneMoreRefused() {
    assertEquals(LONGEST, SqlIdentifiers.requireTableName(LONGEST, "table"));
    assertEquals("s." + LONGEST, SqlIdentifiers.requireTableName("s." + LONGEST, "table"));
    assertEquals(LONGEST + ".t", SqlIdentifiers.requireTableName(LONGEST + ".t", "table"));

    for (String tooLong : new String[] {LONGEST + "b", "s." + LONGEST + "b", LONGEST + "b.t"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SqlIdentifiers.requireTableName(tooLong, "table"));
      assertTrue(e.getMessage().contains("at most 54 characters"), e.getMessage());
    }
  }

  @org.junit.jupiter.api.Test
  void maxPartLengthWhenLongestDerivedSuffixAppendedThenWithinPostgresIdentifierLimit() {
    // PostgreSQL truncates identifiers past 63 bytes; the rate-limit index <prefix>_slot_key is
    // the longest name a store derives.
    assertTrue((LONGEST + "_slot_key").length() <= 63);
    assertTrue((LONGEST + "_charges").length() <= 63);
  }
}
