package dev.tollgate.account.credits;

import dev.tollgate.internal.SqlScripts;
import java.util.ArrayList;
import java.util.List;

/** The DDL in {@code credit-ledger.sql}, with the validated table name filled in. */
final class LedgerSchema {
  private LedgerSchema() {}

  /** The script's statements for {@code table}, which the caller has already validated. */
  static List<String> statements(String table) {
    List<String> statements = new ArrayList<>();
    for (String statement : SqlScripts.statements(LedgerSchema.class, "credit-ledger.sql")) {
      statements.add(statement.replace("${table}", table));
    }
    return statements;
  }
}
