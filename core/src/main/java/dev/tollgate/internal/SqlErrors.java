package dev.tollgate.internal;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** How the JDBC stores read a database error. Not API. */
public final class SqlErrors {
  /** SQLState of a unique (or primary key) violation, in the SQL standard, PostgreSQL and H2. */
  static final String UNIQUE_VIOLATION = "23505";

  /**
   * H2's vendor code for a duplicate key ({@code ErrorCode.DUPLICATE_KEY_1}), with a state of class
   * 23 (integrity constraint violation). PostgreSQL has no vendor codes (always 0): its SQLState
   * 23505 is the whole signal.
   */
  static final int H2_DUPLICATE_KEY = 23505;

  private SqlErrors() {}

  /**
   * Whether {@code e} reports a unique violation: it, or any exception chained to it through {@link
   * SQLException#getNextException()} (batches, some drivers) or {@link Throwable#getCause()} (pools
   * and wrappers), has SQLState {@value #UNIQUE_VIOLATION}, or H2's duplicate-key code with a class
   * 23 state. Other integrity violations (23xxx: check, not-null, foreign key) are not: they say
   * the row is wrong, not that it is already there.
   */
  public static boolean isUniqueViolation(SQLException e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return anyUniqueViolation(e, seen);
  }

  private static boolean anyUniqueViolation(@Nullable Throwable e, Set<Throwable> seen) {
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        if (isUniqueViolationItself(sql)) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && anyUniqueViolation(next, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isUniqueViolationItself(SQLException e) {
    String state = e.getSQLState();
    return UNIQUE_VIOLATION.equals(state)
        || (state != null && state.startsWith("23") && e.getErrorCode() == H2_DUPLICATE_KEY);
  }
}
