package dev.tollgate.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one rule for the table names (and table-name prefixes) that JDBC stores splice into their
 * SQL. A name cannot be a bind parameter, so only plain unquoted identifiers are accepted: nothing
 * that could close a statement, open a comment or need quoting. Not API.
 *
 * <p>The rule: {@code [A-Za-z_][A-Za-z0-9_]*}, optionally schema-qualified ({@code schema.table}),
 * each part at most {@value #MAX_PART_LENGTH} characters. PostgreSQL silently truncates an
 * identifier past 63 bytes, and the stores derive names from the configured one by appending a
 * suffix (the longest is {@code _slot_key}, 9 characters, in the rate-limit schema; the ledger
 * appends {@code _charges}), so 63 - 9 = {@value #MAX_PART_LENGTH} keeps every derived name whole:
 * two configured names can never end up naming the same table. Letter case is allowed; unquoted
 * names are case-insensitive on both PostgreSQL and H2.
 */
public final class SqlIdentifiers {
  /** The longest part of a name: PostgreSQL's 63 less the longest suffix a store appends. */
  public static final int MAX_PART_LENGTH = 54;

  private static final String PART = "[A-Za-z_][A-Za-z0-9_]{0," + (MAX_PART_LENGTH - 1) + "}";
  private static final Pattern TABLE_NAME = Pattern.compile("(" + PART + "\\.)?" + PART);

  private SqlIdentifiers() {}

  /**
   * Returns {@code name} when it follows the rule above.
   *
   * @throws IllegalArgumentException otherwise, with a message that starts with {@code setting}
   */
  public static String requireTableName(String name, String setting) {
    Objects.requireNonNull(name, setting + " == null");
    if (!TABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          setting
              + " must be an unquoted SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most "
              + MAX_PART_LENGTH
              + " characters), optionally schema-qualified, was '"
              + name
              + "'");
    }
    return name;
  }
}
