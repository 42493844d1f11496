package dev.tollgate.account;

import dev.tollgate.TollgatePrincipal;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

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

  private static long credits(Object value) {
    try {
      BigDecimal number;
      if (value instanceof Number n) {
        number = new BigDecimal(n.toString());
      } else if (value instanceof String s && s.length() <= 20) {
        number = new BigDecimal(s);
      } else {
        return 0;
      }
      return number.signum() > 0 ? number.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue() : 0;
    } catch (NumberFormatException e) {
      return 0;
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
