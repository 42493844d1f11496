package dev.tollgate.account.connections;

import dev.tollgate.bearer.BearerError;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** The bounded, sorted union of scopes a store keeps per connection, and its one-column form. */
final class ScopeUnion {
  /**
   * The longest space-joined scope list kept: the JDBC column's width. Real tokens carry a handful
   * of scopes; the bound only stops a client with thousands of scopes from bloating a row.
   */
  static final int MAX_JOINED_LENGTH = 4000;

  private ScopeUnion() {}

  /**
   * {@code existing} plus every valid scope token of {@code seen}, sorted; scopes that would push
   * the joined form past {@value #MAX_JOINED_LENGTH} characters are left out.
   */
  static SortedSet<String> of(Collection<String> existing, Collection<String> seen) {
    TreeSet<String> all = new TreeSet<>();
    for (String scope : existing) {
      if (BearerError.isScopeToken(scope)) {
        all.add(scope);
      }
    }
    for (String scope : seen) {
      if (scope != null && BearerError.isScopeToken(scope)) {
        all.add(scope);
      }
    }
    TreeSet<String> kept = new TreeSet<>();
    int length = 0;
    for (String scope : all) {
      int added = scope.length() + (kept.isEmpty() ? 0 : 1);
      if (length + added > MAX_JOINED_LENGTH) {
        continue;
      }
      kept.add(scope);
      length += added;
    }
    return Collections.unmodifiableSortedSet(kept);
  }

  /** The space-separated form (RFC 6749 §3.3), as stored in one column. */
  static String join(Collection<String> scopes) {
    return String.join(" ", scopes);
  }

  /** The set a {@link #join} produced. */
  static SortedSet<String> split(String joined) {
    TreeSet<String> scopes = new TreeSet<>();
    for (String scope : joined.split(" ", -1)) {
      if (!scope.isEmpty()) {
        scopes.add(scope);
      }
    }
    return scopes;
  }
}
