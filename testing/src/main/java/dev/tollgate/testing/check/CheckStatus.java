package dev.tollgate.testing.check;

/**
 * The outcome of one check. Only {@link #FAIL} makes a run fail: {@link #WARN} marks a SHOULD that
 * the server does not follow, or something the checker could not observe.
 */
public enum CheckStatus {
  PASS,
  FAIL,
  WARN
}
