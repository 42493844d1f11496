package dev.tollgate.config;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.CredentialResolver;
import dev.tollgate.CredentialRouter;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.ScopePolicy;
import dev.tollgate.bearer.BearerTokenExtractor;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.gate.McpAwareGate;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import dev.tollgate.ratelimit.TrustedProxies;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The gate's configuration, read once from a {@link SettingSource} and validated as a whole: every
 * adapter reads the same kebab-case keys with the same validation. The servlet filter takes them
 * from init-params, context-params, system properties ({@code tollgate.<key>}) and environment
 * variables ({@code TOLLGATE_<KEY>}), in that order of precedence; the Spring Boot starter from
 * {@code tollgate.*} properties.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code resource}</td><td>the MCP endpoint's canonical URL (RFC 8707, RFC 9728)</td><td>required</td></tr>
 *   <tr><td>{@code issuer}</td><td>the trusted authorization servers' exact {@code iss} values</td><td>required by {@link #toTollgate()}</td></tr>
 *   <tr><td>{@code jwks-uri}</td><td>the JWK set URL of the one issuer</td><td>discovered from each issuer's metadata</td></tr>
 *   <tr><td>{@code audience}</td><td>accepted {@code aud} values, any one is enough</td><td>{@code resource}</td></tr>
 *   <tr><td>{@code token-types}</td><td>accepted JWS {@code typ} values; {@code untyped} for none</td><td>{@code at+jwt}</td></tr>
 *   <tr><td>{@code scope-claims}</td><td>claims read as scopes (string or array)</td><td>{@code scope scp}</td></tr>
 *   <tr><td>{@code account-claim}</td><td>the claim (or introspection member) naming the account</td><td>{@code sub}</td></tr>
 *   <tr><td>{@code audience-scope-prefix}</td><td>for tokens without {@code aud} (Cognito): the resource server identifier their scopes start with</td><td>none</td></tr>
 *   <tr><td>{@code introspection-issuers}</td><td>issuers whose JWTs are introspected instead of verified here</td><td>none</td></tr>
 *   <tr><td>{@code scopes}</td><td>scopes every request needs, also advertised</td><td>none</td></tr>
 *   <tr><td>{@code scopes-supported}</td><td>further advertised scopes</td><td>none</td></tr>
 *   <tr><td>{@code authorization-servers}</td><td>advertised in the metadata</td><td>{@code issuer}</td></tr>
 *   <tr><td>{@code algorithms}</td><td>accepted JWS algorithms (asymmetric only)</td><td>{@code RS256,ES256}</td></tr>
 *   <tr><td>{@code clock-skew}</td><td>tolerance on {@code exp}/{@code nbf}/{@code iat}, at most 5 minutes</td><td>the resolver's (60 s)</td></tr>
 *   <tr><td>{@code retry-after}</td><td>{@code Retry-After} of a 503, 1 s to 1 h</td><td>the gate's (5 s)</td></tr>
 *   <tr><td>{@code max-header-length}</td><td>cap on the {@code Authorization} header</td><td>8192</td></tr>
 *   <tr><td>{@code resource-name}, {@code resource-documentation}</td><td>metadata fields</td><td>none</td></tr>
 *   <tr><td>{@code allowed-origins}</td><td>browser origins allowed to call the endpoint ({@code scheme://host[:port]}, {@code scheme://host:*} for any port, or {@code *}); the resource's own origin always is; others get 403 {@code origin_not_allowed}, preflight or not. {@code cors-allowed-origins} is its deprecated former name</td><td>{@code *}</td></tr>
 *   <tr><td>{@code cors-allowed-headers}</td><td>preflight {@code Access-Control-Allow-Headers}</td><td>{@link CorsPolicy#DEFAULT_ALLOWED_HEADERS}</td></tr>
 *   <tr><td>{@code cors-max-age}</td><td>preflight {@code Access-Control-Max-Age}</td><td>10 minutes</td></tr>
 *   <tr><td>{@code introspection-uri}</td><td>RFC 7662 endpoint for opaque (non-JWT) tokens</td><td>none</td></tr>
 *   <tr><td>{@code introspection-client-id}, {@code introspection-client-secret}</td><td>this resource server's credentials there (HTTP Basic)</td><td>required with {@code introspection-uri}</td></tr>
 *   <tr><td>{@code cache-max-lifetime}</td><td>longest a resolved token is served from the cache, 1 s to 1 h</td><td>5 minutes</td></tr>
 *   <tr><td>{@code cache-rejected-lifetime}</td><td>how long a refused token is remembered, 0 to 5 min</td><td>10 seconds</td></tr>
 *   <tr><td>{@code cache-maximum-size}</td><td>most cached tokens</td><td>100000</td></tr>
 *   <tr><td>{@code mcp-body-limit}</td><td>bytes of a POST body read to learn the MCP method and tool, 1 KiB to 16 MiB</td><td>1048576 (1 MiB)</td></tr>
 *   <tr><td>{@code method-scopes}</td><td>scopes per MCP method, {@code tools/list=mcp:read; resources/read=mcp:read}</td><td>none</td></tr>
 *   <tr><td>{@code tool-scopes}</td><td>scopes per tool ({@code tools/call}), {@code charge_credits=mcp:credits}</td><td>none</td></tr>
 *   <tr><td>{@code tool-plans}</td><td>the plan a tool needs, read from the token's plan claim, {@code enterprise_report=enterprise}</td><td>none</td></tr>
 *   <tr><td>{@code plan-claim}</td><td>the claim {@code tool-plans} reads the plan from</td><td>{@code plan}</td></tr>
 *   <tr><td>{@code upgrade-uri}</td><td>where a refused person can upgrade, sent as {@code upgrade_uri}</td><td>none</td></tr>
 *   <tr><td>{@code rate-limits}</td><td>token bucket per account and plan (read from {@code plan-claim}; {@code default} for the rest), {@code professional=600/PT1M,burst=60; free=60/PT1M}</td><td>none</td></tr>
 *   <tr><td>{@code concurrency-limits}</td><td>calls in flight per account and plan, {@code free=2; professional=10}</td><td>none</td></tr>
 *   <tr><td>{@code tool-costs}</td><td>tokens a {@code tools/call} of a tool takes, {@code generate_report=10}</td><td>1</td></tr>
 *   <tr><td>{@code rate-limit-per-client}</td><td>separate limits per client id within an account</td><td>{@code false}</td></tr>
 *   <tr><td>{@code rate-limit-headers}</td><td>{@code RateLimit} fields on {@code limited} (429) responses only, or {@code always}</td><td>{@code limited}</td></tr>
 *   <tr><td>{@code trusted-proxies}</td><td>load balancers (addresses or CIDR blocks) whose client-address header is believed, for the failure rate limit and the audit log</td><td>none</td></tr>
 *   <tr><td>{@code client-address-header}</td><td>{@code X-Forwarded-For} or {@code Forwarded} (RFC 7239), read right to left past trusted proxies</td><td>{@code X-Forwarded-For}</td></tr>
 *   <tr><td>{@code rate-limit-store-failure}</td><td>a shared limit store down: {@code open} (local limits) or {@code closed} (503)</td><td>{@code open}</td></tr>
 * </table>
 *
 * <p>The rule keys ({@code method-scopes}, {@code tool-scopes}, {@code tool-plans}) hold entries
 * separated by {@code ;} or line breaks, each {@code NAME=SCOPE [SCOPE ...]} or {@code NAME=PLAN}
 * (see {@link McpRuleSettings}). A request needs {@code scopes} plus the scopes of every rule it
 * matches, all named in an {@code insufficient_scope} challenge; rule scopes are advertised too.
 * Settings have no account directory, so {@code tool-plans} reads the plan from a token claim
 * ({@code plan-claim}; {@code free}, {@code professional} or {@code enterprise}): a call of a
 * listed tool by a token without that claim, or with a lower plan, gets 403 {@code
 * entitlement_required} with {@code upgrade-uri}; other requests are not affected. A scope or
 * entitlement policy set in code on the builder of {@link #configure(Tollgate.Builder)} replaces
 * the one of these keys (with {@link Tollgate.Builder#scopePolicy}, not {@code requiredScopes}: the
 * keys set a scope policy).
 *
 * <p>JWTs and opaque tokens are resolved through a {@link CredentialRouter}, so a request costs one
 * resolver, behind one {@link dev.tollgate.cache.CachingCredentialResolver}. API keys are added in
 * code with {@link #credentialRouter(String, CredentialResolver)} and are not cached: the key store
 * is read on every request, so a renewed or revoked key is refused on the very next one. Revocation
 * and entitlement are checked by the gate after the cache, so they too apply at once.
 *
 * <p>Lists are space- or comma-separated; durations are ISO-8601 ({@code PT30S}) or whole seconds.
 * Every error names the setting, e.g. {@code TOLLGATE_RESOURCE (resource): must be an absolute
 * http(s) URL ...}.
 */
public final class TollgateSettings {
  public static final String RESOURCE = "resource";
  public static final String ISSUER = "issuer";
  public static final String JWKS_URI = "jwks-uri";
  public static final String AUDIENCE = "audience";
  public static final String SCOPES = "scopes";
  public static final String SCOPES_SUPPORTED = "scopes-supported";
  public static final String AUTHORIZATION_SERVERS = "authorization-servers";
  public static final String ALGORITHMS = "algorithms";
  public static final String CLOCK_SKEW = "clock-skew";
  public static final String RETRY_AFTER = "retry-after";
  public static final String MAX_HEADER_LENGTH = "max-header-length";
  public static final String RESOURCE_NAME = "resource-name";
  public static final String RESOURCE_DOCUMENTATION = "resource-documentation";
  public static final String ALLOWED_ORIGINS = "allowed-origins";

  /**
   * The former name of {@link #ALLOWED_ORIGINS}, still read when that is unset (with a warning).
   *
   * @deprecated use {@link #ALLOWED_ORIGINS}; one origin policy covers CORS and the refusal
   */
  @Deprecated public static final String CORS_ALLOWED_ORIGINS = "cors-allowed-origins";

  public static final String CORS_ALLOWED_HEADERS = "cors-allowed-headers";
  public static final String CORS_MAX_AGE = "cors-max-age";
  public static final String INTROSPECTION_URI = "introspection-uri";
  public static final String INTROSPECTION_CLIENT_ID = "introspection-client-id";
  public static final String INTROSPECTION_CLIENT_SECRET = "introspection-client-secret";
  public static final String CACHE_MAX_LIFETIME = "cache-max-lifetime";
  public static final String CACHE_REJECTED_LIFETIME = "cache-rejected-lifetime";
  public static final String CACHE_MAXIMUM_SIZE = "cache-maximum-size";
  public static final String MCP_BODY_LIMIT = "mcp-body-limit";
  public static final String METHOD_SCOPES = "method-scopes";
  public static final String TOOL_SCOPES = "tool-scopes";
  public static final String TOOL_PLANS = "tool-plans";
  public static final String PLAN_CLAIM = "plan-claim";
  public static final String UPGRADE_URI = "upgrade-uri";
  public static final String TOKEN_TYPES = "token-types";
  public static final String SCOPE_CLAIMS = "scope-claims";
  public static final String ACCOUNT_CLAIM = "account-claim";
  public static final String AUDIENCE_SCOPE_PREFIX = "audience-scope-prefix";
  public static final String INTROSPECTION_ISSUERS = "introspection-issuers";
  public static final String RATE_LIMITS = RateLimitSettings.RATE_LIMITS;
  public static final String CONCURRENCY_LIMITS = RateLimitSettings.CONCURRENCY_LIMITS;
  public static final String TOOL_COSTS = RateLimitSettings.TOOL_COSTS;
  public static final String RATE_LIMIT_PER_CLIENT = RateLimitSettings.PER_CLIENT;
  public static final String RATE_LIMIT_HEADERS = RateLimitSettings.HEADERS;
  public static final String RATE_LIMIT_STORE_FAILURE = RateLimitSettings.STORE_FAILURE;

  /** Proxies (addresses or CIDR blocks) whose client-address header is believed. */
  public static final String TRUSTED_PROXIES = "trusted-proxies";

  /**
   * The header trusted proxies report the client in: {@code X-Forwarded-For} or {@code Forwarded}.
   */
  public static final String CLIENT_ADDRESS_HEADER = "client-address-header";

  /**
   * Every key, for documentation and tooling; the deprecated {@link #CORS_ALLOWED_ORIGINS} last.
   */
  public static final List<String> KEYS =
      List.of(
          RESOURCE,
          ISSUER,
          JWKS_URI,
          AUDIENCE,
          SCOPES,
          SCOPES_SUPPORTED,
          AUTHORIZATION_SERVERS,
          ALGORITHMS,
          CLOCK_SKEW,
          RETRY_AFTER,
          MAX_HEADER_LENGTH,
          RESOURCE_NAME,
          RESOURCE_DOCUMENTATION,
          ALLOWED_ORIGINS,
          CORS_ALLOWED_HEADERS,
          CORS_MAX_AGE,
          INTROSPECTION_URI,
          INTROSPECTION_CLIENT_ID,
          INTROSPECTION_CLIENT_SECRET,
          CACHE_MAX_LIFETIME,
          CACHE_REJECTED_LIFETIME,
          CACHE_MAXIMUM_SIZE,
          MCP_BODY_LIMIT,
          METHOD_SCOPES,
          TOOL_SCOPES,
          TOOL_PLANS,
          PLAN_CLAIM,
          UPGRADE_URI,
          TOKEN_TYPES,
          SCOPE_CLAIMS,
          ACCOUNT_CLAIM,
          AUDIENCE_SCOPE_PREFIX,
          INTROSPECTION_ISSUERS,
          RATE_LIMITS,
          CONCURRENCY_LIMITS,
          TOOL_COSTS,
          RATE_LIMIT_PER_CLIENT,
          RATE_LIMIT_HEADERS,
          RATE_LIMIT_STORE_FAILURE,
          TRUSTED_PROXIES,
          CLIENT_ADDRESS_HEADER,
          CORS_ALLOWED_ORIGINS);

  /** Default {@link #MCP_BODY_LIMIT}: {@link McpAwareGate#DEFAULT_BODY_LIMIT}. */
  public static final int DEFAULT_MCP_BODY_LIMIT = McpAwareGate.DEFAULT_BODY_LIMIT;

  /** {@link JwtAccessTokenResolver#DEFAULT_ALGORITHMS}. */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      JwtAccessTokenResolver.DEFAULT_ALGORITHMS;

  private final URI resource;
  private final JwtSettings jwt;
  private final Set<String> requiredScopes;
  private final Set<String> scopesSupported;
  private final List<URI> authorizationServers;
  private final Set<JWSAlgorithm> algorithms;
  private final @Nullable Duration clockSkew;
  private final @Nullable Duration retryAfter;
  private final int maxHeaderLength;
  private final @Nullable String resourceName;
  private final @Nullable URI resourceDocumentation;
  private final CorsPolicy cors;
  private final CredentialSettings credentials;
  private final int mcpBodyLimit;
  private final McpRuleSettings rules;
  private final RateLimitSettings limits;
  private final TrustedProxies trustedProxies;

  private TollgateSettings(SettingReader in) {
    this.resource = SettingValues.resource(in);
    this.jwt = new JwtSettings(in, resource);
    this.requiredScopes = SettingValues.scopes(in, SCOPES);
    this.scopesSupported = SettingValues.scopes(in, SCOPES_SUPPORTED);
    List<URI> servers = in.urls(AUTHORIZATION_SERVERS);
    this.authorizationServers =
        servers.isEmpty() ? jwt.issuers.stream().map(URI::create).toList() : List.copyOf(servers);
    this.algorithms = SettingValues.algorithms(in);
    this.clockSkew = in.duration(CLOCK_SKEW, Duration.ZERO, JwtAccessTokenResolver.MAX_CLOCK_SKEW);
    this.retryAfter = in.duration(RETRY_AFTER, Duration.ofSeconds(1), Tollgate.MAX_RETRY_AFTER);
    Integer length =
        in.integer(
            MAX_HEADER_LENGTH,
            BearerTokenExtractor.MIN_MAX_HEADER_LENGTH,
            BearerTokenExtractor.MAX_MAX_HEADER_LENGTH);
    this.maxHeaderLength = length != null ? length : BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH;
    this.resourceName = in.string(RESOURCE_NAME);
    this.resourceDocumentation = in.url(RESOURCE_DOCUMENTATION);
    this.cors = SettingValues.cors(in);
    this.credentials = new CredentialSettings(in, jwt.accountClaim);
    if (!jwt.introspectionIssuers.isEmpty() && credentials.introspectionUri == null) {
      throw SettingReader.failure(
          INTROSPECTION_ISSUERS,
          "is set but " + SettingReader.label(INTROSPECTION_URI) + " is not");
    }
    Integer bodyLimit =
        in.integer(MCP_BODY_LIMIT, McpAwareGate.MIN_BODY_LIMIT, McpAwareGate.MAX_BODY_LIMIT);
    this.mcpBodyLimit = bodyLimit != null ? bodyLimit : DEFAULT_MCP_BODY_LIMIT;
    this.rules = new McpRuleSettings(in);
    this.limits = new RateLimitSettings(in, rules.planClaim);
    this.trustedProxies = trustedProxies(in);
  }

  private static TrustedProxies trustedProxies(SettingReader in) {
    List<String> proxies = in.list(TRUSTED_PROXIES);
    String header = in.string(CLIENT_ADDRESS_HEADER);
    if (proxies.isEmpty()) {
      if (header != null) {
        throw SettingReader.failure(
            CLIENT_ADDRESS_HEADER,
            "is set but " + SettingReader.label(TRUSTED_PROXIES) + " is not");
      }
      return TrustedProxies.none();
    }
    try {
      return TrustedProxies.of(header != null ? header : TrustedProxies.X_FORWARDED_FOR, proxies);
    } catch (IllegalArgumentException e) {
      throw SettingReader.failure(
          String.valueOf(e.getMessage()).startsWith("header")
              ? CLIENT_ADDRESS_HEADER
              : TRUSTED_PROXIES,
          e.getMessage(),
          e);
    }
  }

  /**
   * Reads and validates every key from {@code source}.
   *
   * @throws IllegalArgumentException naming the first setting at fault
   */
  public static TollgateSettings load(SettingSource source) {
    return new TollgateSettings(
        new SettingReader(Objects.requireNonNull(source, "source == null")));
  }

  /**
   * Applies these settings to {@code builder}: resource, metadata, scopes, limits and, when {@code
   * issuer} or {@code introspection-uri} is set, the routes of {@link #credentialRouter()} as a
   * resolver. Credentials of a shape with no route (opaque tokens without {@code
   * introspection-uri}, JWTs without {@code issuer}) are left to resolvers added after it. With
   * {@code introspection-uri} set, every opaque credential is routed to introspection: to accept
   * API keys as well, use {@link #configure(Tollgate.Builder, CredentialResolver)} with {@link
   * #credentialRouter(String, CredentialResolver)}, which sends them past it. Set a revocation
   * check on the returned builder; the scope and entitlement policies of the rule keys are set on
   * it, and one set after them replaces them.
   */
  public Tollgate.Builder configure(Tollgate.Builder builder) {
    configureGate(builder);
    if (jwt.verifiesJwts() || credentials.introspectionUri != null) {
      boolean jwtRouted =
          jwt.verifiesJwts()
              || (credentials.introspectionUri != null && !jwt.introspectionIssuers.isEmpty());
      builder.resolver(credentials.routedShapesOnly(this::jwtResolver, audience(), jwtRouted));
    }
    return builder;
  }

  /**
   * Applies these settings to {@code builder} with {@code resolver} as the gate's resolver, e.g.
   * {@code settings.configure(Tollgate.builder(), settings.credentialRouter("tgk_", apiKeys))}.
   */
  public Tollgate.Builder configure(Tollgate.Builder builder, CredentialResolver resolver) {
    Objects.requireNonNull(resolver, "resolver == null");
    return configureGate(builder).resolver(resolver);
  }

  /**
   * A {@link CredentialRouter} builder with the routes these settings describe: JWT-shaped tokens
   * to the JWT resolver ({@code issuer}), other tokens to introspection ({@code
   * introspection-uri}), both behind one new cache ({@code cache-*}). Add API-key routes with
   * {@link CredentialRouter.Builder#apiKeys(String, CredentialResolver)}: they bypass the cache.
   * Each call builds new resolvers and a new cache; build one router per gate.
   */
  public CredentialRouter.Builder credentialRouter() {
    return credentials.router(this::jwtResolver, audience());
  }

  /**
   * The JWT resolver, sending the JWTs of {@code introspection-issuers} to {@code introspection}
   * (when given); {@code null} when JWTs have no route.
   */
  private @Nullable CredentialResolver jwtResolver(@Nullable CredentialResolver introspection) {
    return jwt.resolverOrNull(algorithms, clockSkew, rules.planClaim, introspection);
  }

  /**
   * {@link #credentialRouter()} with API keys starting with {@code apiKeyPrefix} sent, uncached, to
   * {@code apiKeyResolver} (typically a {@code dev.tollgate.apikey.ApiKeyResolver}).
   */
  public CredentialRouter credentialRouter(String apiKeyPrefix, CredentialResolver apiKeyResolver) {
    return credentialRouter().apiKeys(apiKeyPrefix, apiKeyResolver).build();
  }

  private Tollgate.Builder configureGate(Tollgate.Builder builder) {
    builder.resource(resource);
    authorizationServers.forEach(builder::authorizationServer);
    // A scope policy either way (requiredScopes would be its fixed form), so that code may still
    // replace it with its own: requiredScopes and scopePolicy exclude each other on the builder.
    builder.scopePolicy(
        rules.hasScopeRules()
            ? rules.scopePolicy(requiredScopes)
            : ScopePolicy.fixed(requiredScopes));
    builder.scopesSupported(requiredScopes);
    if (rules.hasScopeRules()) {
      builder.scopesSupported(rules.ruleScopes());
    }
    builder.scopesSupported(scopesSupported);
    EntitlementPolicy plans = rules.entitlementPolicy();
    if (plans != null) {
      builder.entitlementPolicy(plans);
    }
    if (limits.configured()) {
      builder.requestLimiter(limits.limiter());
    }
    if (maxHeaderLength != BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH) {
      builder.maxHeaderLength(maxHeaderLength);
    }
    if (retryAfter != null) {
      builder.retryAfter(retryAfter);
    }
    if (resourceName != null || resourceDocumentation != null) {
      builder.metadata(
          metadata ->
              metadata.resourceName(resourceName).resourceDocumentation(resourceDocumentation));
    }
    return builder;
  }

  /**
   * The gate these settings describe, verifying JWT access tokens from {@code issuer} and opaque
   * ones at {@code introspection-uri}.
   *
   * @throws IllegalArgumentException when neither {@code issuer} nor {@code introspection-uri} is
   *     set
   */
  public Tollgate toTollgate() {
    if (!jwt.verifiesJwts() && credentials.introspectionUri == null) {
      throw SettingReader.failure(
          ISSUER,
          "is required, or "
              + SettingReader.label(INTROSPECTION_URI)
              + ", to verify access tokens");
    }
    return configure(Tollgate.builder()).build();
  }

  public URI resource() {
    return resource;
  }

  /** The first trusted issuer, or {@code null}; see {@link #issuers()}. */
  public @Nullable String issuer() {
    return jwt.issuers.isEmpty() ? null : jwt.issuers.get(0);
  }

  /** Every trusted issuer, in the order given. */
  public List<String> issuers() {
    return jwt.issuers;
  }

  /** Every accepted audience; the first is {@link #audience()}. */
  public List<String> audiences() {
    return jwt.audiences;
  }

  /** The accepted token types, or {@code null} for the resolver's default ({@code at+jwt}). */
  public @Nullable Set<String> tokenTypes() {
    return jwt.tokenTypes;
  }

  /** The claims read as scopes, or {@code null} for the default ({@code scope}, {@code scp}). */
  public @Nullable List<String> scopeClaims() {
    return jwt.scopeClaims;
  }

  /** The claim naming the account, or {@code null} for {@code sub}. */
  public @Nullable String accountClaim() {
    return jwt.accountClaim;
  }

  /** Issuers whose JWTs go to introspection rather than local verification. */
  public Set<String> introspectionIssuers() {
    return jwt.introspectionIssuers;
  }

  public @Nullable URI jwksUri() {
    return jwt.jwksUri;
  }

  /** The first accepted audience; see {@link #audiences()}. */
  public String audience() {
    return jwt.audiences.get(0);
  }

  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  public Set<String> scopesSupported() {
    return scopesSupported;
  }

  public List<URI> authorizationServers() {
    return authorizationServers;
  }

  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  /** The configured skew, or {@code null} for the resolver's default. */
  public @Nullable Duration clockSkew() {
    return clockSkew;
  }

  /** The configured 503 {@code Retry-After}, or {@code null} for the gate's default. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  public int maxHeaderLength() {
    return maxHeaderLength;
  }

  public @Nullable String resourceName() {
    return resourceName;
  }

  public @Nullable URI resourceDocumentation() {
    return resourceDocumentation;
  }

  public CorsPolicy cors() {
    return cors;
  }

  public @Nullable URI introspectionUri() {
    return credentials.introspectionUri;
  }

  public @Nullable String introspectionClientId() {
    return credentials.clientId;
  }

  public Duration cacheMaxLifetime() {
    return credentials.maxLifetime;
  }

  public Duration cacheRejectedLifetime() {
    return credentials.rejectedLifetime;
  }

  public long cacheMaximumSize() {
    return credentials.maximumSize;
  }

  /** Bytes of a POST body the filter reads at most to learn the MCP method and tool. */
  public int mcpBodyLimit() {
    return mcpBodyLimit;
  }

  /**
   * {@code method-scopes}: the scopes each MCP method needs on top of {@link #requiredScopes()}.
   */
  public Map<String, Set<String>> methodScopes() {
    return rules.methodScopes;
  }

  /** {@code tool-scopes}: the scopes each tool's {@code tools/call} needs on top of the others. */
  public Map<String, Set<String>> toolScopes() {
    return rules.toolScopes;
  }

  /** {@code tool-plans}: the plan each listed tool needs, read from the {@link #planClaim()}. */
  public Map<String, Plan> toolPlans() {
    return rules.toolPlans;
  }

  /** {@code plan-claim}: the token claim {@link #toolPlans()} reads the plan from. */
  public String planClaim() {
    return rules.planClaim;
  }

  /**
   * A new limiter builder with the {@code rate-limits} keys applied, or {@code null} when no limit
   * is configured. Add a shared store (e.g. {@link dev.tollgate.ratelimit.PostgresRateLimitStore})
   * or a plan lookup, build it, and set it on the builder of {@link #configure(Tollgate.Builder)}:
   * it replaces the in-memory limiter {@code configure} set from the same keys.
   */
  public dev.tollgate.ratelimit.PlanRequestLimiter.@Nullable Builder requestLimiterBuilder() {
    return limits.configured() ? limits.builder() : null;
  }

  /** {@code trusted-proxies} and {@code client-address-header}: whose client address to believe. */
  public TrustedProxies trustedProxies() {
    return trustedProxies;
  }

  /** {@code rate-limits}: the token bucket of each plan. */
  public Map<String, dev.tollgate.ratelimit.RateLimit> rateLimits() {
    return Map.copyOf(limits.rates);
  }

  /** {@code concurrency-limits}: the cap on calls in flight of each plan. */
  public Map<String, Integer> concurrencyLimits() {
    return Map.copyOf(limits.caps);
  }

  /** {@code upgrade-uri}: where a refused person can upgrade or buy credits, if configured. */
  public @Nullable URI upgradeUri() {
    return rules.upgradeUri;
  }
}
