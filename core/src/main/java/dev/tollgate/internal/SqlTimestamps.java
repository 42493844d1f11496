package dev.tollgate.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Instants in {@code TIMESTAMP WITH TIME ZONE} columns, the one way the JDBC stores write and read
 * them: as {@link OffsetDateTime} at UTC (JDBC 4.2), so neither the JVM's nor the session's time
 * zone can shift them. Not API.
 */
public final class SqlTimestamps {
  private SqlTimestamps() {}

  /** Binds {@code instant} (or SQL NULL) to parameter {@code index}. */
  public static void set(PreparedStatement statement, int index, @Nullable Instant instant)
      throws SQLException {
    statement.setObject(index, instant != null ? instant.atOffset(ZoneOffset.UTC) : null);
  }

  /** Column {@code index} of the current row, or {@code null} when it is SQL NULL. */
  public static @Nullable Instant getNullable(ResultSet rows, int index) throws SQLException {
    OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
    return value != null ? value.toInstant() : null;
  }

  /**
   * Column {@code index} of the current row, declared {@code NOT NULL}.
   *
   * @throws SQLException when it is NULL all the same (a schema not made from our script)
   */
  public static Instant get(ResultSet rows, int index) throws SQLException {
    Instant value = getNullable(rows, index);
    if (value == null) {
      throw new SQLException("unexpected NULL in timestamp column " + index);
    }
    return value;
  }
}
