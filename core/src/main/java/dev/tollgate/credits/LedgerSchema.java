package dev.tollgate.credits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The DDL in {@code credit-ledger.sql}, with the validated table name filled in. */
final class LedgerSchema {
  private LedgerSchema() {}

  /** The script's statements for {@code table}, which the caller has already validated. */
  static List<String> statements(String table) {
    String script;
    try (InputStream in = LedgerSchema.class.getResourceAsStream("credit-ledger.sql")) {
      if (in == null) {
        throw new IllegalStateException("credit-ledger.sql is missing from the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("credit-ledger.sql cannot be read", e);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : sql.toString().replace("${table}", table).split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }
}
