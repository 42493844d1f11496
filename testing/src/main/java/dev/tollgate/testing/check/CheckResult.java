package dev.tollgate.testing.check;

import java.util.Objects;

/**
 * One check's outcome.
 *
 * @param id a stable identifier, e.g. {@code challenge.resource_metadata}, for tests and scripts
 * @param status pass, fail or warn
 * @param clause the spec clause checked and what it asks, e.g. {@code RFC 9728 §5.1 ...}
 * @param seen what the server actually did; never contains a credential
 */
public record CheckResult(String id, CheckStatus status, String clause, String seen) {
  public CheckResult {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(clause, "clause == null");
    Objects.requireNonNull(seen, "seen == null");
  }

  /** {@code PASS <clause> <seen>}: one line of the text report. */
  public String line() {
    return String.format("%-4s  %s  %s", status, clause, seen);
  }
}
