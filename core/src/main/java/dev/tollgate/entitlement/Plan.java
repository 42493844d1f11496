package dev.tollgate.entitlement;

import java.util.Objects;

/**
 * A subscription plan: a name, whether it is paid, and a tier for "at least" comparisons. Open to
 * custom plans ({@code new Plan("team", true, 15)}); the three constants are the common ones.
 *
 * <p>Names are restricted to lower-case letters, digits, {@code -} and {@code _} (1 to 32 of them)
 * because they appear in refusal texts, which must stay within RFC 6750's character set, and in
 * token claims, where case-insensitive lookups are expected.
 *
 * @param name the plan's identifier, e.g. {@code free}
 * @param paid whether the plan by itself entitles the account to use the MCP server
 * @param tier the plan's rank; a higher tier includes everything a lower one allows
 */
public record Plan(String name, boolean paid, int tier) {

  /** No MCP access by itself: needs purchased credits. */
  public static final Plan FREE = new Plan("free", false, 0);

  /** A paid plan for individuals. */
  public static final Plan PROFESSIONAL = new Plan("professional", true, 100);

  /** The top paid plan; some tools may require it. */
  public static final Plan ENTERPRISE = new Plan("enterprise", true, 200);

  private static final int MAX_NAME_LENGTH = 32;

  public Plan {
    Objects.requireNonNull(name, "name == null");
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "plan name must be 1 to " + MAX_NAME_LENGTH + " of [a-z0-9_-], was '" + name + "'");
    }
    if (tier < 0) {
      throw new IllegalArgumentException("tier must not be negative, was " + tier);
    }
  }

  /** Whether this plan ranks at or above {@code minimum}. */
  public boolean isAtLeast(Plan minimum) {
    Objects.requireNonNull(minimum, "minimum == null");
    return tier >= minimum.tier;
  }

  static boolean isValidName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
