package dev.tollgate.entitlement;

import dev.tollgate.Entitlement;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.bearer.BearerError;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link EntitlementPolicy}: admits a paid plan, or a free account with purchased
 * credits; refuses a free account that has only its monthly allocation, and an unknown account.
 * Tools may demand a minimum plan ({@link Builder#toolRequiresPlan(String, Plan)}).
 *
 * <p>The account comes from the principal's claims ({@link AccountClaims}) when configured and
 * present, else from the {@link AccountDirectory}. A directory outage propagates as {@link
 * dev.tollgate.DependencyUnavailableException} (503), never as a refusal.
 *
 * <p>{@link #checkAccount(String)} gives the same verdict for an account id alone, for callers that
 * have no request, such as an API key service deciding whether an account may hold keys.
 */
public final class AccountEntitlementPolicy implements EntitlementPolicy {
  /** The refusal of a credential whose account the directory does not know. */
  public static final String UNKNOWN_ACCOUNT =
      "No account is linked to this credential; create or link an account at the upgrade link";

  /** The refusal of a free account without purchased credits. */
  public static final String FREE_WITHOUT_CREDITS =
      "The free plan does not include MCP access; buy credits or upgrade to a paid plan at the"
          + " upgrade link";

  private static final String TOOLS_CALL = "tools/call";

  private final @Nullable AccountDirectory directory;
  private final @Nullable AccountClaims claims;
  private final @Nullable URI upgradeUri;
  private final Map<String, Plan> toolPlans;

  private AccountEntitlementPolicy(Builder builder) {
    this.directory = builder.directory;
    this.claims = builder.claims;
    this.upgradeUri = builder.upgradeUri;
    this.toolPlans = Map.copyOf(builder.toolPlans);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default gate: a paid plan, or a free account with purchased credits; refusals point at
   * {@code upgradeUri}.
   */
  public static AccountEntitlementPolicy paidPlanOrPurchasedCredits(
      AccountDirectory directory, URI upgradeUri) {
    return builder().directory(directory).upgradeUri(upgradeUri).build();
  }

  @Override
  public Entitlement check(TollgatePrincipal principal, RequestView request) {
    Optional<Account> account = claims != null ? claims.account(principal) : Optional.empty();
    if (account.isEmpty() && directory != null) {
      account = directory.find(principal.accountId());
    }
    String tool = TOOLS_CALL.equals(request.mcpMethod()) ? request.mcpToolName() : null;
    return verdict(account, tool);
  }

  /** True when some tool requires a plan: the verdict then depends on the tool called. */
  @Override
  public boolean needsMcpCall() {
    return !toolPlans.isEmpty();
  }

  /**
   * The verdict for {@code accountId} regardless of any tool: whether the account may use the MCP
   * server at all. Fits {@code ApiKeyEligibility} as {@code policy::checkAccount}.
   *
   * @throws dev.tollgate.DependencyUnavailableException when the directory cannot answer
   */
  public Entitlement checkAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return verdict(directory != null ? directory.find(accountId) : Optional.empty(), null);
  }

  private Entitlement verdict(Optional<Account> found, @Nullable String tool) {
    if (found.isEmpty()) {
      return Entitlement.refused(UNKNOWN_ACCOUNT, upgradeUri);
    }
    Account account = found.get();
    Plan required = tool != null ? toolPlans.get(tool) : null;
    if (required != null && !account.plan().isAtLeast(required)) {
      return Entitlement.refused(toolNeedsPlan(required), upgradeUri);
    }
    if (account.plan().paid() || account.purchasedCredits() > 0) {
      return Entitlement.granted();
    }
    return Entitlement.refused(FREE_WITHOUT_CREDITS, upgradeUri);
  }

  static String toolNeedsPlan(Plan plan) {
    // Plan names are [a-z0-9_-] only, so the text stays within RFC 6750's character set.
    return "This tool needs the "
        + plan.name()
        + " plan or a higher one; upgrade at the upgrade link";
  }

  /** Configures an {@link AccountEntitlementPolicy}; validated in {@link #build()}. */
  public static final class Builder {
    private @Nullable AccountDirectory directory;
    private @Nullable AccountClaims claims;
    private @Nullable URI upgradeUri;
    private final Map<String, Plan> toolPlans = new LinkedHashMap<>();

    private Builder() {}

    /** Where accounts are looked up by {@link TollgatePrincipal#accountId()}. */
    public Builder directory(AccountDirectory directory) {
      if (this.directory != null) {
        throw new IllegalStateException("directory was already set");
      }
      this.directory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /** Reads the account from token claims first; the directory, if any, is the fallback. */
    public Builder claims(AccountClaims claims) {
      this.claims = Objects.requireNonNull(claims, "claims == null");
      return this;
    }

    /** Where a refused person can upgrade or buy credits; sent as {@code upgrade_uri}. */
    public Builder upgradeUri(URI upgradeUri) {
      Objects.requireNonNull(upgradeUri, "upgradeUri == null");
      String scheme = upgradeUri.getScheme();
      if (!upgradeUri.isAbsolute()
          || !("https".equals(scheme.toLowerCase(Locale.ROOT))
              || "http".equals(scheme.toLowerCase(Locale.ROOT)))) {
        throw new IllegalArgumentException(
            "upgradeUri must be an absolute http(s) URI: " + upgradeUri);
      }
      this.upgradeUri = upgradeUri;
      return this;
    }

    /** Calls ({@code tools/call}) of tool {@code toolName} need {@code plan} or a higher tier. */
    public Builder toolRequiresPlan(String toolName, Plan plan) {
      Objects.requireNonNull(toolName, "toolName == null");
      Objects.requireNonNull(plan, "plan == null");
      if (toolName.isEmpty() || !BearerError.isErrorValue(toolName)) {
        throw new IllegalArgumentException(
            "toolRequiresPlan: invalid tool name '" + toolName + "'");
      }
      Plan previous = toolPlans.putIfAbsent(toolName, plan);
      if (previous != null) {
        throw new IllegalStateException(
            "toolRequiresPlan: tool '" + toolName + "' already requires " + previous.name());
      }
      return this;
    }

    public AccountEntitlementPolicy build() {
      if (directory == null && claims == null) {
        throw new IllegalStateException("a directory or claims is required");
      }
      return new AccountEntitlementPolicy(this);
    }
  }
}
