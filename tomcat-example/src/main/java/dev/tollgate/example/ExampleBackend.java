package dev.tollgate.example;

import dev.tollgate.ScopePolicy;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.JdbcConnectionStore;
import dev.tollgate.account.credits.CreditLedger;
import dev.tollgate.account.credits.JdbcCreditLedger;
import dev.tollgate.account.credits.PurchasedCredits;
import dev.tollgate.account.servlet.AccountServlet;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.example.demo.DemoAccounts;
import dev.tollgate.ratelimit.PostgresRateLimitStore;
import dev.tollgate.revocation.JdbcRevocationRegistry;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.scope.McpScopePolicy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything behind the gate that is not HTTP: the demo accounts, the credit ledger, the API key
 * store and service, the revocation registry, the connected apps, the entitlement and scope rules,
 * and the tools. In memory unless a JDBC URL is given, then the key store, ledger, connected apps
 * and revocations live in that database (tables created if missing), so several example nodes can
 * share them.
 */
final class ExampleBackend implements AutoCloseable {
  /** Needed by every MCP request. */
  static final String SCOPE_MCP = "mcp";

  /** Needed on top of {@link #SCOPE_MCP} to spend credits with {@code charge_credits}. */
  static final String SCOPE_CREDITS = "mcp:credits";

  /** The MCP scopes: granted to API keys, and by the development server when none is asked. */
  static final Set<String> SCOPES = Set.of(SCOPE_MCP, SCOPE_CREDITS);

  /** Needed to change the account (key, connected apps) at {@code /account}; never in API keys. */
  static final String SCOPE_ACCOUNT_MANAGE = AccountServlet.DEFAULT_MANAGE_SCOPE;

  /** Enough to read the account at {@code /account}. */
  static final String SCOPE_ACCOUNT_READ = AccountServlet.DEFAULT_READ_SCOPE;

  /**
   * The scopes the MCP resource advertises in its metadata: only what MCP operations need. An MCP
   * client that asks for every advertised scope (as the MCP spec tells it to when a challenge names
   * none) must not get the account scopes.
   */
  static final Set<String> ADVERTISED_SCOPES = SCOPES;

  /** The scopes the account resource advertises in its own metadata. */
  static final Set<String> ACCOUNT_SCOPES = Set.of(SCOPE_ACCOUNT_MANAGE, SCOPE_ACCOUNT_READ);

  /** Every scope the development authorization server issues. */
  static final Set<String> ISSUED_SCOPES =
      Set.of(SCOPE_MCP, SCOPE_CREDITS, SCOPE_ACCOUNT_MANAGE, SCOPE_ACCOUNT_READ);

  final CreditLedger ledger;
  final ApiKeyStore keyStore;
  final RevocationRegistry revocations;
  final ConnectionRecorder connections;
  final AccountDirectory accounts;

  /**
   * {@link #accounts} with every account's purchased credits read from the ledger, paid plans
   * included, for the account endpoints to show. The gate keeps {@link #accounts}, which does not
   * ask the ledger about paid plans, so a ledger outage does not stop them.
   */
  final AccountDirectory accountsWithBalances;

  final AccountEntitlementPolicy entitlement;
  final ApiKeyService keyService;
  final ExampleTools tools;

  /** Request limits shared by every node on PostgreSQL; {@code null} keeps them in memory. */
  final @Nullable PostgresRateLimitStore rateLimits;

  private final AccountDirectory plans;

  private ExampleBackend(
      CreditLedger ledger,
      ApiKeyStore keyStore,
      RevocationRegistry revocations,
      ConnectionStore connections,
      @Nullable URI upgradeUri,
      Map<String, Plan> toolPlans,
      @Nullable PostgresRateLimitStore rateLimits) {
    this.rateLimits = rateLimits;
    this.ledger = ledger;
    this.keyStore = keyStore;
    this.revocations = revocations;
    this.connections = ConnectionRecorder.builder(connections).build();
    AccountDirectory directory = AccountDirectory.inMemory(DemoAccounts.ACCOUNTS);
    this.plans = directory;
    this.accounts = PurchasedCredits.directory(directory, ledger);
    this.accountsWithBalances =
        accountId ->
            directory.find(accountId).map(a -> a.withPurchasedCredits(ledger.balance(a.id())));
    AccountEntitlementPolicy.Builder policy =
        AccountEntitlementPolicy.builder().directory(accounts);
    Map<String, Plan> plans = new LinkedHashMap<>();
    plans.put(ExampleTools.ENTERPRISE_REPORT, Plan.ENTERPRISE);
    plans.putAll(toolPlans);
    plans.forEach(policy::toolRequiresPlan);
    if (upgradeUri != null) {
      policy.upgradeUri(upgradeUri);
    }
    this.entitlement = policy.build();
    this.keyService =
        ApiKeyService.builder(keyStore).eligibility(entitlement::checkAccount).build();
    this.tools = new ExampleTools(accounts, ledger);
    DemoAccounts.seedCredits(ledger);
  }

  /** In-memory stores, or JDBC stores in {@code databaseUrl}, with no upgrade link (the WAR). */
  static ExampleBackend create(@Nullable String databaseUrl) {
    return create(databaseUrl, null, Map.of());
  }

  /**
   * In-memory stores, or JDBC stores in {@code databaseUrl}; refusals carry the settings' {@code
   * upgrade-uri}, and their {@code tool-plans} are added to the example's own (plans read from the
   * account directory).
   */
  static ExampleBackend create(@Nullable String databaseUrl, TollgateSettings settings) {
    return create(databaseUrl, settings.upgradeUri(), settings.toolPlans());
  }

  private static ExampleBackend create(
      @Nullable String databaseUrl, @Nullable URI upgradeUri, Map<String, Plan> toolPlans) {
    if (databaseUrl == null) {
      return new ExampleBackend(
          CreditLedger.inMemory(),
          ApiKeyStore.inMemory(),
          RevocationRegistry.inMemory(),
          ConnectionStore.inMemory(),
          upgradeUri,
          toolPlans,
          null);
    }
    DriverManagerDataSource dataSource = new DriverManagerDataSource(databaseUrl);
    JdbcCreditLedger ledger = JdbcCreditLedger.builder(dataSource).build();
    ledger.createSchemaIfMissing();
    JdbcApiKeyStore keys = JdbcApiKeyStore.builder(dataSource).build();
    keys.createSchemaIfMissing();
    JdbcConnectionStore connections = JdbcConnectionStore.builder(dataSource).build();
    connections.createSchemaIfMissing();
    JdbcRevocationRegistry revocations = JdbcRevocationRegistry.builder(dataSource).build();
    try {
      revocations.createSchemaIfMissing();
    } catch (RuntimeException e) {
      revocations.close();
      throw new IllegalStateException(
          "TOLLGATE_DATABASE_URL: cannot create the revocation table", e);
    }
    PostgresRateLimitStore rateLimits = null;
    if (databaseUrl.startsWith("jdbc:postgresql:")) {
      rateLimits = PostgresRateLimitStore.builder(dataSource).build();
      try {
        rateLimits.createSchemaIfMissing();
      } catch (RuntimeException e) {
        rateLimits.close();
        revocations.close();
        throw new IllegalStateException(
            "TOLLGATE_DATABASE_URL: cannot create the rate limit tables", e);
      }
    }
    return new ExampleBackend(
        ledger, keys, revocations, connections, upgradeUri, toolPlans, rateLimits);
  }

  /** The account's plan name ({@code free} for demo-credits), from the in-memory directory. */
  @Nullable String planOf(TollgatePrincipal principal) {
    return plans.find(principal.accountId()).map(account -> account.plan().name()).orElse(null);
  }

  /**
   * Resolves API keys ({@code tgk_...}) to their account, granting every scope of {@link #SCOPES}.
   */
  ApiKeyResolver apiKeyResolver() {
    return ApiKeyResolver.builder(keyStore).scopes(SCOPES).build();
  }

  /** Stops the revocation registry's refresh thread and the rate limit store's pool, if any. */
  @Override
  public void close() {
    if (rateLimits != null) {
      rateLimits.close();
    }
    if (revocations instanceof JdbcRevocationRegistry jdbc) {
      jdbc.close();
    }
  }

  /** The prefix that routes a credential to {@link #apiKeyResolver()}. */
  static String apiKeyPrefix() {
    return ApiKeyFormat.DEFAULT_PREFIX;
  }

  /**
   * {@code mcp} (and any {@code TOLLGATE_SCOPES}) for every request; {@code mcp:credits} as well to
   * call {@code charge_credits}; and any {@code TOLLGATE_METHOD_SCOPES} and {@code
   * TOLLGATE_TOOL_SCOPES} on top.
   */
  static ScopePolicy scopePolicy(TollgateSettings settings) {
    return scopePolicy(settings.requiredScopes(), settings.methodScopes(), settings.toolScopes());
  }

  /** As {@link #scopePolicy(TollgateSettings)}, from the settings' scope rules themselves. */
  static ScopePolicy scopePolicy(
      Set<String> requiredScopes,
      Map<String, Set<String>> methodScopes,
      Map<String, Set<String>> toolScopes) {
    Set<String> always = new LinkedHashSet<>(requiredScopes);
    always.add(SCOPE_MCP);
    McpScopePolicy.Builder policy =
        McpScopePolicy.builder()
            .always(always.toArray(String[]::new))
            .tool(ExampleTools.CHARGE_CREDITS, SCOPE_CREDITS);
    methodScopes.forEach((method, scopes) -> policy.method(method, scopes.toArray(String[]::new)));
    toolScopes.forEach((tool, scopes) -> policy.tool(tool, scopes.toArray(String[]::new)));
    return policy.build();
  }

  /** The MCP resource's advertised scopes, sorted, for metadata and banners. */
  static List<String> scopeList() {
    return ADVERTISED_SCOPES.stream().sorted().toList();
  }
}
