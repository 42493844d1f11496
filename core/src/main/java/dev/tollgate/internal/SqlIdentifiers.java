package dev.tollgate.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation of the table names that JDBC stores splice into their SQL. A name cannot be a bind
 * parameter, so only plain unquoted identifiers are accepted: nothing that could close a statement,
 * open a comment or need quoting. Not API.
 */
public final class SqlIdentifiers {
  // An unquoted identifier, optionally schema-qualified; 63 characters is PostgreSQL's limit for
  // one identifier, beyond which it silently truncates names.
  private static final Pattern TABLE_NAME =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

  private SqlIdentifiers() {}

  /**
   * Returns {@code name} when it is an unquoted SQL identifier, optionally schema-qualified, each
   * part at most 63 characters.
   *
   * @throws IllegalArgumentException otherwise, with a message that starts with {@code setting}
   */
  public static String requireTableName(String name, String setting) {
    Objects.requireNonNull(name, setting + " == null");
    if (!TABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          setting
              + " must be an unquoted SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63"
              + " characters), optionally schema-qualified, was '"
              + name
              + "'");
    }
    return name;
  }
}
