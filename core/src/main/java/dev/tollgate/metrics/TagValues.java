package dev.tollgate.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps a tag's values a small, fixed-looking set: a value that does not look like a code, or that
 * comes after {@link #MAX_VALUES} distinct ones, is reported as {@value #OTHER}.
 *
 * <p>Every tag value Tollgate uses is a code from the library or a dependency name from the
 * application's resolvers, so the bound is never reached in practice; it is there so that a
 * resolver that put request data into a dependency name cannot grow the registry without end.
 */
final class TagValues {
  /** Reported in place of a value that is not accepted. */
  static final String OTHER = "other";

  /**
   * Distinct values accepted per tag: far above the library's codes and any real dependency list.
   */
  static final int MAX_VALUES = 64;

  /** What a code looks like: short, printable, no spaces; every reason and dependency name fits. */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private final Set<String> accepted = ConcurrentHashMap.newKeySet();

  /** {@code value} if it looks like a code and fits within the bound, {@value #OTHER} if not. */
  String bounded(String value) {
    if (accepted.contains(value)) {
      return value;
    }
    if (!isCode(value)) {
      return OTHER;
    }
    synchronized (accepted) {
      if (accepted.size() >= MAX_VALUES) {
        return OTHER;
      }
      accepted.add(value);
      return value;
    }
  }

  static boolean isCode(String value) {
    return CODE.matcher(value).matches();
  }
}
