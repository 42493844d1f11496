package dev.tollgate.entitlement;

import dev.tollgate.TollgatePrincipal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@link Account} straight from a principal's attributes, for authorization servers that
 * put the plan and the purchased credits in the access token (or the introspection response).
 *
 * <p>The claims are only as fresh as the token: a purchase or an upgrade applies when the client
 * gets a new token. A principal without the plan claim yields no account, so a policy can fall back
 * to its {@link AccountDirectory}. Values that do not parse fail closed: an unrecognised plan name
 * reads as {@link Plan#FREE}, a malformed or negative credit count as zero.
 */
public final class AccountClaims {
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,40}");

  private final String planClaim;
  private final String creditsClaim;
  private final Map<String, Plan> plans;

  private AccountClaims(Builder builder) {
    this.planClaim = builder.planClaim;
    this.creditsClaim = builder.creditsClaim;
    this.plans = Map.copyOf(builder.plans);
  }

  /** Claims {@code plan} and {@code credits}, with the built-in plans. */
  public static AccountClaims standard() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The account the principal's claims describe, or empty when the plan claim is absent. */
  public Optional<Account> account(TollgatePrincipal principal) {
    Object planValue = principal.attributes().get(planClaim);
    if (planValue == null) {
      return Optional.empty();
    }
    Plan plan = planValue instanceof String name ? plans.get(name.toLowerCase(Locale.ROOT)) : null;
    return Optional.of(
        new Account(
            principal.accountId(),
            plan != null ? plan : Plan.FREE,
            credits(principal.attributes().get(creditsClaim)),
            0));
  }

  /**
   * Whole credits from a JSON number or a decimal string. Only plain integers are parsed (no
   * exponents), so a claim cannot make us expand a huge number; larger counts saturate.
   */
  private static long credits(@Nullable Object value) {
    long credits;
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      credits = ((Number) value).longValue();
    } else if (value instanceof BigInteger big) {
      credits = big.bitLength() < 64 ? big.longValue() : (big.signum() > 0 ? Long.MAX_VALUE : 0);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      credits = Double.isFinite(d) ? (long) d : 0;
    } else if (value instanceof String text && DIGITS.matcher(text).matches()) {
      credits = text.length() < 19 ? Long.parseLong(text) : parseSaturated(text);
    } else {
      credits = 0;
    }
    return Math.max(0, credits);
  }

  private static long parseSaturated(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Configures {@link AccountClaims}. */
  public static final class Builder {
    private String planClaim = "plan";
    private String creditsClaim = "credits";
    private final Map<String, Plan> plans = new TreeMap<>();

    private Builder() {
      plan(Plan.FREE).plan(Plan.PROFESSIONAL).plan(Plan.ENTERPRISE);
    }

    /** The claim naming the plan; default {@code plan}. */
    public Builder planClaim(String planClaim) {
      this.planClaim = requireClaimName(planClaim, "planClaim");
      return this;
    }

    /** The claim holding the purchased credits; default {@code credits}. */
    public Builder creditsClaim(String creditsClaim) {
      this.creditsClaim = requireClaimName(creditsClaim, "creditsClaim");
      return this;
    }

    /** Recognises {@code plan} by its name; use it for custom plans. */
    public Builder plan(Plan plan) {
      Objects.requireNonNull(plan, "plan == null");
      plans.put(plan.name(), plan);
      return this;
    }

    public AccountClaims build() {
      if (planClaim.equals(creditsClaim)) {
        throw new IllegalStateException("planClaim and creditsClaim are both '" + planClaim + "'");
      }
      return new AccountClaims(this);
    }

    private static String requireClaimName(String name, String setting) {
      Objects.requireNonNull(name, setting + " == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException(setting + " is blank");
      }
      return name;
    }
  }
}
