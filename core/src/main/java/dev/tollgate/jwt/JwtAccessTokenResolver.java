package dev.tollgate.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.internal.BoundedHttp;
import dev.tollgate.internal.Closeables;
import dev.tollgate.internal.SetOnce;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves JWT access tokens (RFC 9068) signed by one or more trusted authorization servers,
 * verified with Nimbus JOSE+JWT against the JWK set of the issuer the token names, following the
 * JWT best practices of RFC 8725.
 *
 * <pre>{@code
 * JwtAccessTokenResolver jwt = JwtAccessTokenResolver.builder()
 *     .issuer("https://auth.example.com")
 *     .audience("https://mcp.example.com/mcp")
 *     .jwksUri(URI.create("https://auth.example.com/jwks"))
 *     .build();
 * }</pre>
 *
 * <p>An issuer configured without keys is discovered (RFC 8414, then OpenID Connect Discovery) on
 * its first token; until then its tokens resolve to {@link Resolution#unavailable(String)}. A token
 * whose {@code iss} is not a trusted issuer is refused, unless it is one of the {@link
 * Builder#introspectedIssuers introspected issuers}, whose tokens go to introspection instead
 * (parsed once, here). The accepted {@code typ} values, audiences, scope claims and account claim
 * are settings, so the access tokens of servers that do not follow RFC 9068 ({@code typ: JWT} or
 * none, scopes as arrays) can be accepted; ID tokens stay refused whatever they are.
 *
 * <p>Only three-part compact JWS values are claimed; anything else (API keys, opaque tokens, JWE)
 * is {@link Resolution#notMine()}. A claimed token is decoded strictly first (canonical base64url,
 * strict UTF-8, JSON objects), its header checked ({@code alg} among the configured asymmetric
 * algorithms, no {@code none}, no {@code jku}/{@code x5u}/{@code jwk}/{@code x5c}, no {@code crit},
 * {@code typ} one of the accepted types), then its signature and claims verified. A bad token
 * resolves to {@link Resolution#invalid(String)} with a fixed phrase; a JWK set that cannot be
 * fetched resolves to {@link Resolution#unavailable(String)} ({@code "jwks"}), never to a 401.
 * Instances are immutable and thread-safe.
 *
 * <p>The resolver owns the JWK sources it builds itself (from {@link Builder#jwksUri(URI)}, {@link
 * Builder#issuer(String, URI)} or discovery), each with a refresh thread ({@code
 * tollgate-jwks-refresh}) once its keys near expiry: {@link #close()} stops them. Sources handed to
 * the builder ({@link Builder#jwkSource(JWKSource)}, {@link Builder#issuer(String, JWKSource)}) and
 * the {@link Builder#discoveryClient(HttpClient)} stay their owner's to close.
 */
public final class JwtAccessTokenResolver implements CredentialResolver, AutoCloseable {
  /**
   * RS256 is what most authorization servers sign with; ES256 is the common compact alternative.
   */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /** Skews beyond this hide broken clocks and stretch a token's life; RFC 8725 suggests minutes. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(JwtAccessTokenResolver.class);

  /** The JWKS dependency's name in {@link Resolution.Unavailable}. */
  public static final String JWKS_DEPENDENCY = "jwks";

  /**
   * The claims a principal keeps as attributes unless {@link Builder#attributeClaims(Set)} says
   * otherwise: {@code iss} and {@code aud} (the account endpoints check the audience) and {@code
   * plan} and {@code credits} ({@link dev.tollgate.entitlement.AccountClaims#standard()}). Every
   * cached principal holds its attributes, so profile claims nobody reads (names, e-mail addresses,
   * groups, padding) are not kept by default: a 1 KB token would otherwise cost about 1.7 KB of
   * heap per cache entry instead of about 0.5 KB (benchmarks/PERFORMANCE.md).
   */
  public static final Set<String> DEFAULT_ATTRIBUTE_CLAIMS =
      Set.of("iss", "aud", "plan", "credits");

  /** In {@link Builder#tokenTypes(Set)}: accept a token whose header has no {@code typ}. */
  public static final String UNTYPED = "untyped";

  /** One refusal per reason, built once: its phrase is fixed. */
  private static final Map<RejectReason, Resolution> REFUSALS = refusals();

  private final TokenPrecheck precheck;
  private final Map<String, Issuer> issuers;
  private final TypeRefusalLog typeRefusals;
  private final List<Object> owned;
  private final Set<String> introspected;
  private final @Nullable CredentialResolver introspection;

  /** One trusted issuer: its verifier (keys, signature, claim checks) and its claims mapper. */
  private record Issuer(TokenVerifier verifier, AccessTokenClaimsMapper mapper) {}

  private JwtAccessTokenResolver(
      Builder builder, Map<String, JWKSource<SecurityContext>> keys, List<Object> owned) {
    this.owned = List.copyOf(owned);
    this.introspected = builder.introspectedIssuers;
    this.introspection = builder.introspection;
    TokenTypes types = builder.tokenTypes;
    this.precheck = new TokenPrecheck(builder.algorithms, types);
    this.typeRefusals = new TypeRefusalLog(types);
    ScopeClaims scopeClaims = new ScopeClaims(builder.scopeClaims);
    // Keys converted and verifiers built once per JWK, not once per token (see each class).
    CachingVerifierFactory verifiers = new CachingVerifierFactory();
    Map<String, Issuer> byIssuer = new LinkedHashMap<>();
    keys.forEach(
        (issuer, jwkSource) -> {
          TokenVerifier verifier =
              new TokenVerifier(
                  new CachingKeySelector(builder.algorithms, jwkSource),
                  verifiers,
                  new AccessTokenClaimsVerifier(
                      issuer,
                      builder.audiences,
                      builder.audienceScopePrefix,
                      scopeClaims,
                      builder.clockSkew,
                      builder.clock));
          AccessTokenClaimsMapper mapper =
              new AccessTokenClaimsMapper(
                  builder.accountIdClaim,
                  issuer,
                  builder.audiences,
                  scopeClaims,
                  builder.attributeClaims);
          byIssuer.put(issuer, new Issuer(verifier, mapper));
        });
    this.issuers = Map.copyOf(byIssuer);
  }

  /** Starts a resolver; at least one issuer and one audience are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    if (!credential.looksLikeJwt()) {
      return Resolution.notMine();
    }
    // Split, decoded and parsed once: the routing, the header checks, the signature and the claim
    // checks all read this one decoding.
    DecodedJws jws = DecodedJws.decode(credential.value());
    CredentialResolver introspecting = introspection;
    if (introspecting != null) {
      // The unverified iss only picks the route; introspection is the authority for what it is
      // sent, and local verification checks iss again against the signature.
      if (issuerOf(jws) instanceof String iss && introspected.contains(iss)) {
        return introspecting.resolve(credential);
      }
      if (issuers.isEmpty()) {
        return Resolution.notMine();
      }
    }
    if (jws == null) {
      return invalid(RejectReason.MALFORMED);
    }
    RejectReason early = precheck.checkHeader(jws.header());
    if (early != null) {
      // The log's capacity first: once full, a refused token's payload is not decoded to name its
      // issuer.
      if (early == RejectReason.WRONG_TYPE && typeRefusals.accepting()) {
        warnWrongType(jws);
      }
      return invalid(early);
    }
    Map<String, Object> payload = jws.payload();
    if (payload == null) {
      return invalid(RejectReason.MALFORMED);
    }
    try {
      // From the members already parsed: neither is read from text again.
      JWSHeader header = JWSHeader.parse(jws.header(), null);
      JWTClaimsSet claims = JWTClaimsSet.parse(payload);
      // The unverified iss only picks whose keys verify the signature; the claims verifier of
      // that issuer then checks iss again on the verified claims.
      Issuer issuer = claims.getClaim("iss") instanceof String iss ? issuers.get(iss) : null;
      if (issuer == null) {
        return invalid(RejectReason.UNTRUSTED_ISSUER);
      }
      issuer.verifier().verify(jws, header, claims);
      return Resolution.resolved(issuer.mapper().toPrincipal(claims));
    } catch (TokenRejectedException e) {
      return invalid(e.reason());
    } catch (KeySourceException e) {
      // The dependency's fault, not the token's: 503, never 401. The message names the JWKS URL
      // and the failure, never the token.
      log.warn("JWK set unavailable: {}: {}", e.getClass().getSimpleName(), e.getMessage());
      return Resolution.unavailable(JWKS_DEPENDENCY);
    } catch (ParseException e) {
      // A header or registered claim of the wrong JSON type (e.g. "exp" not a number).
      return invalid(RejectReason.MALFORMED);
    }
  }

  /**
   * The {@code iss} of a token whose header names an algorithm, unverified: for routing only. Null
   * when the token could not be decoded or names none.
   */
  private static @Nullable Object issuerOf(@Nullable DecodedJws jws) {
    if (jws == null || !(jws.header().get("alg") instanceof String)) {
      return null;
    }
    Map<String, Object> payload = jws.payload();
    return payload == null ? null : payload.get("iss");
  }

  private void warnWrongType(DecodedJws jws) {
    Map<String, Object> payload = jws.payload();
    Object type = jws.header().get("typ");
    // Only a readable token of a trusted issuer, with a typ that is a string or absent, is named.
    if (payload != null
        && payload.get("iss") instanceof String iss
        && issuers.containsKey(iss)
        && (type == null || type instanceof String)) {
      typeRefusals.refused(iss, type);
    }
  }

  /**
   * Stops the JWK sources this resolver built (their refresh threads); sources given to the builder
   * are left open. A failure is logged, not thrown; closing twice does nothing more.
   */
  @Override
  public void close() {
    Closeables.closeAll(owned, log);
  }

  private static Map<RejectReason, Resolution> refusals() {
    Map<RejectReason, Resolution> refusals = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      refusals.put(reason, Resolution.invalid(reason.phrase()));
    }
    return Collections.unmodifiableMap(refusals);
  }

  private static Resolution invalid(RejectReason reason) {
    // Not logged here: the audit event records every refusal with a fingerprint, never the token.
    return Objects.requireNonNull(REFUSALS.get(reason), "every reason has its refusal");
  }

  /**
   * Builds a {@link JwtAccessTokenResolver}; every setting is validated once, in {@link #build()}.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();

    private final Map<String, @Nullable Object> issuerKeys = new LinkedHashMap<>();
    private Set<String> introspectedIssuers = Set.of();
    private @Nullable CredentialResolver introspection;
    private @Nullable URI jwksUri;
    private @Nullable JWKSource<SecurityContext> jwkSource;
    private Set<String> audiences = new LinkedHashSet<>();
    private TokenTypes tokenTypes = TokenTypes.DEFAULT;
    private boolean tokenTypesSet;
    private List<String> scopeClaims = ScopeClaims.DEFAULT;
    private boolean scopeClaimsSet;
    private @Nullable String audienceScopePrefix;
    private @Nullable HttpClient discoveryClient;
    private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
    private Duration clockSkew = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private String accountIdClaim = "sub";
    private Set<String> attributeClaims = DEFAULT_ATTRIBUTE_CLAIMS;
    private boolean attributeClaimsSet;
    private Duration jwksTimeout = Duration.ofSeconds(2);
    private Duration jwksCacheTtl = Duration.ofMinutes(5);
    private Duration jwksRefetchInterval = Duration.ofSeconds(30);
    private Duration jwksOutageTolerance = Duration.ofHours(1);

    private Builder() {}

    /**
     * A trusted issuer: the exact {@code iss} value (compared as-is: RFC 8414 §3.3). Call once per
     * issuer; at least one is required. Its keys come from {@link #jwksUri(URI)} or {@link
     * #jwkSource(JWKSource)} when one of them is set (then only one issuer may be trusted), else
     * from its metadata (RFC 8414 §3, then OpenID Connect Discovery §4).
     */
    public Builder issuer(String issuer) {
      return addIssuer(issuer, null);
    }

    /** A trusted issuer whose JWK set is at {@code jwksUri}, whatever its metadata says. */
    public Builder issuer(String issuer, URI jwksUri) {
      return addIssuer(issuer, Objects.requireNonNull(jwksUri, "jwksUri == null"));
    }

    /** A trusted issuer whose keys come from {@code keys} (tests, static keys). */
    public Builder issuer(String issuer, JWKSource<SecurityContext> keys) {
      return addIssuer(issuer, Objects.requireNonNull(keys, "keys == null"));
    }

    private Builder addIssuer(String issuer, @Nullable Object keys) {
      Objects.requireNonNull(issuer, "issuer == null");
      if (issuerKeys.containsKey(issuer)) {
        throw new IllegalStateException("issuer " + issuer + " is already trusted");
      }
      issuerKeys.put(issuer, keys);
      return this;
    }

    /**
     * Issuers whose JWTs are sent to {@code introspection} (RFC 7662) instead of being verified
     * here, as some authorization servers recommend (it sees revoked sessions at once). The {@code
     * iss} is read unverified, from the one strict decoding of the token (a token that does not
     * decode, or whose header names no {@code alg}, is not routed), and only picks the route:
     * introspection is the authority for what it is sent. Other JWTs are verified here against the
     * trusted {@link #issuer(String) issuers}; with none trusted, they are not this resolver's
     * ({@link Resolution#notMine()}). {@code introspection} stays its owner's to close. Set at most
     * once.
     */
    public Builder introspectedIssuers(Set<String> issuers, CredentialResolver introspection) {
      Objects.requireNonNull(issuers, "issuers == null");
      Objects.requireNonNull(introspection, "introspection == null");
      if (issuers.isEmpty()
          || issuers.stream().anyMatch(issuer -> issuer == null || issuer.isBlank())) {
        throw new IllegalArgumentException(
            "introspectedIssuers must name at least one issuer, none blank");
      }
      once.set("introspectedIssuers", issuers);
      this.introspectedIssuers = Set.copyOf(issuers);
      this.introspection = introspection;
      return this;
    }

    /**
     * The JWK set URL of the one issuer; remote fetching with caching, rate-limited refetch and
     * outage tolerance.
     */
    public Builder jwksUri(URI jwksUri) {
      once.set("jwksUri", jwksUri);
      this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri == null");
      return this;
    }

    /** Alternative to {@link #jwksUri(URI)}: any Nimbus key source (tests, static keys). */
    public Builder jwkSource(JWKSource<SecurityContext> jwkSource) {
      once.set("jwkSource", jwkSource);
      this.jwkSource = Objects.requireNonNull(jwkSource, "jwkSource == null");
      return this;
    }

    /**
     * An accepted audience: the resource identifier (RFC 8707) or whatever the authorization server
     * puts in {@code aud} for this resource (Entra's App ID URI, Auth0's API identifier, a client
     * id). Call once per audience; at least one is required, and any one in {@code aud} is enough.
     */
    public Builder audience(String audience) {
      Objects.requireNonNull(audience, "audience == null");
      if (!audiences.add(audience)) {
        throw new IllegalStateException("audience " + audience + " is already accepted");
      }
      return this;
    }

    /**
     * The accepted JWS {@code typ} values, compared case-insensitively with {@code application/}
     * optional; {@link #UNTYPED} accepts a token without {@code typ}. Default {@code at+jwt} (RFC
     * 9068 §2.1). Tokens carrying an ID token marker stay refused whatever is accepted here.
     */
    public Builder tokenTypes(Set<String> types) {
      Objects.requireNonNull(types, "types == null");
      if (tokenTypesSet) {
        throw new IllegalStateException("tokenTypes already set to " + tokenTypes);
      }
      this.tokenTypes = TokenTypes.of(List.copyOf(types));
      this.tokenTypesSet = true;
      return this;
    }

    /**
     * Claims read as scopes, each a space-separated string or a JSON array of strings; the scopes
     * of all of them are united. Default {@code scope}, {@code scp}; add {@code permissions} (Auth0
     * RBAC) or {@code roles} (Entra app roles) where those carry the grants.
     */
    public Builder scopeClaims(List<String> claims) {
      Objects.requireNonNull(claims, "claims == null");
      if (scopeClaimsSet) {
        throw new IllegalStateException("scopeClaims already set to " + scopeClaims);
      }
      if (claims.isEmpty() || claims.stream().anyMatch(c -> c == null || c.isBlank())) {
        throw new IllegalStateException("scopeClaims must name at least one claim, none blank");
      }
      this.scopeClaims = List.copyOf(claims);
      this.scopeClaimsSet = true;
      return this;
    }

    /**
     * For servers whose access tokens carry no {@code aud} (Amazon Cognito): such a token is
     * accepted when it is an access token ({@code token_use} {@code access}) with a scope named
     * {@code <prefix>/<scope>}, the prefix being the resource server identifier there. Tokens that
     * do carry {@code aud} are still checked against the audiences. Default: none, and a token
     * without {@code aud} is refused.
     */
    public Builder audienceScopePrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix == null");
      if (audienceScopePrefix != null) {
        throw new IllegalStateException(
            "audienceScopePrefix already set to " + audienceScopePrefix);
      }
      if (prefix.isBlank() || prefix.endsWith("/")) {
        throw new IllegalStateException(
            "audienceScopePrefix must not be blank nor end with /, was " + prefix);
      }
      this.audienceScopePrefix = prefix;
      return this;
    }

    /** The HTTP client for issuer discovery; default one that follows no redirects. */
    public Builder discoveryClient(HttpClient client) {
      once.set("discoveryClient", client);
      this.discoveryClient = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** Accepted JWS algorithms; default RS256 and ES256. {@code none} and HMAC are refused. */
    public Builder algorithms(Set<JWSAlgorithm> algorithms) {
      once.set("algorithms", algorithms);
      this.algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms == null"));
      return this;
    }

    /** Tolerance for {@code exp}, {@code nbf} and future {@code iat}; default 60 seconds. */
    public Builder clockSkew(Duration clockSkew) {
      once.set("clockSkew", clockSkew);
      this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew == null");
      return this;
    }

    /** Clock for time checks and JWK set caching; default system UTC. */
    public Builder clock(Clock clock) {
      once.set("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Claim naming the account; default {@code sub}. */
    public Builder accountIdClaim(String claim) {
      once.set("accountIdClaim", claim);
      this.accountIdClaim = Objects.requireNonNull(claim, "claim == null");
      return this;
    }

    /**
     * Which claims the principal keeps as {@link dev.tollgate.TollgatePrincipal#attributes()}
     * (claims that are principal fields, such as {@code sub} or {@code scope}, never are); default
     * {@link #DEFAULT_ATTRIBUTE_CLAIMS}. Name every claim the application reads from {@code
     * attributes()}: a plan or credits claim under another name ({@link
     * dev.tollgate.entitlement.AccountClaims.Builder}), a tenant, a role. Each is held by every
     * cached principal, so naming only what is read keeps the cache small; see
     * benchmarks/PERFORMANCE.md.
     */
    public Builder attributeClaims(Set<String> claims) {
      Objects.requireNonNull(claims, "claims == null");
      if (attributeClaimsSet) {
        throw new IllegalStateException("attributeClaims already set to " + attributeClaims);
      }
      this.attributeClaims = Set.copyOf(claims);
      this.attributeClaimsSet = true;
      return this;
    }

    /** Connect and read timeout for JWKS fetches; default 2 seconds. */
    public Builder jwksTimeout(Duration timeout) {
      once.set("jwksTimeout", timeout);
      this.jwksTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /** How long a fetched JWK set is used before refresh; default 5 minutes. */
    public Builder jwksCacheTtl(Duration ttl) {
      once.set("jwksCacheTtl", ttl);
      this.jwksCacheTtl = Objects.requireNonNull(ttl, "ttl == null");
      return this;
    }

    /** Minimum interval between refetches triggered by unknown {@code kid}s; default 30 seconds. */
    public Builder jwksRefetchInterval(Duration interval) {
      once.set("jwksRefetchInterval", interval);
      this.jwksRefetchInterval = Objects.requireNonNull(interval, "interval == null");
      return this;
    }

    /**
     * How long past its TTL a fetched JWK set keeps serving while the JWKS endpoint is down;
     * default 1 hour, long enough to ride out an authorization server outage, short enough that a
     * key withdrawn during one stops being trusted.
     */
    public Builder jwksOutageTolerance(Duration tolerance) {
      once.set("jwksOutageTolerance", tolerance);
      this.jwksOutageTolerance = Objects.requireNonNull(tolerance, "tolerance == null");
      return this;
    }

    /** Validates the settings and builds the resolver. */
    public JwtAccessTokenResolver build() {
      if (issuerKeys.isEmpty() && introspection == null) {
        throw new IllegalStateException("issuer is required");
      }
      for (String issuer : issuerKeys.keySet()) {
        if (issuer.isBlank()) {
          throw new IllegalStateException("issuer must not be blank");
        }
      }
      if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
        throw new IllegalStateException("audience is required and must not be blank");
      }
      if (jwksUri != null && jwkSource != null) {
        throw new IllegalStateException("jwksUri and jwkSource are alternatives; set one");
      }
      boolean shared = jwksUri != null || jwkSource != null;
      if (shared && issuerKeys.isEmpty()) {
        throw new IllegalStateException(
            "jwksUri (or jwkSource) names the keys of an issuer, but none is trusted");
      }
      if (shared && issuerKeys.size() > 1) {
        throw new IllegalStateException(
            "jwksUri (or jwkSource) names the keys of one issuer, but "
                + issuerKeys.size()
                + " issuers are trusted: leave it out to discover each issuer's keys, or give each its own");
      }
      if (shared && issuerKeys.values().iterator().next() != null) {
        throw new IllegalStateException(
            "the issuer already has its keys; jwksUri and jwkSource are not needed");
      }
      if (accountIdClaim.isBlank()) {
        throw new IllegalStateException("accountIdClaim must not be blank");
      }
      if (attributeClaims.stream().anyMatch(String::isBlank)) {
        throw new IllegalStateException("attributeClaims must not contain a blank claim name");
      }
      Algorithms.validate(algorithms);
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalStateException(
            "clockSkew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + clockSkew);
      }
      validateRemote();
      Map<String, JWKSource<SecurityContext>> keys = new LinkedHashMap<>();
      List<Object> owned = new ArrayList<>();
      try {
        for (Map.Entry<String, @Nullable Object> entry : issuerKeys.entrySet()) {
          keys.put(entry.getKey(), keysOf(entry.getKey(), entry.getValue(), owned));
        }
      } catch (RuntimeException e) {
        Closeables.closeAll(owned, log);
        throw e;
      }
      return new JwtAccessTokenResolver(this, keys, owned);
    }

    /**
     * The keys of {@code issuer}; what is built here for them is added to {@code owned} (the
     * resolver closes those of its parts that are {@link AutoCloseable}).
     */
    @SuppressWarnings("unchecked")
    private JWKSource<SecurityContext> keysOf(
        String issuer, @Nullable Object given, List<Object> owned) {
      if (given instanceof JWKSource<?> source) {
        return (JWKSource<SecurityContext>) source;
      }
      if (given instanceof URI uri) {
        return own(remoteSource(uri), owned);
      }
      if (jwkSource != null) {
        return jwkSource;
      }
      if (jwksUri != null) {
        return own(remoteSource(jwksUri), owned);
      }
      URI issuerUri;
      try {
        issuerUri = URI.create(issuer);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "issuer " + issuer + " is not a URL, so it cannot be discovered");
      }
      String scheme = issuerUri.getScheme();
      if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || issuerUri.getHost() == null
          || issuerUri.getRawQuery() != null
          || issuerUri.getRawFragment() != null) {
        throw new IllegalStateException(
            "issuer "
                + issuer
                + " must be an http(s) URL without query or fragment to be discovered");
      }
      HttpClient handedIn = discoveryClient;
      boolean ownClient = handedIn == null;
      HttpClient client = handedIn != null ? handedIn : BoundedHttp.defaultClient(jwksTimeout);
      DiscoveredJwkSource discovered =
          new DiscoveredJwkSource(
              issuer,
              new IssuerDiscovery(issuer, client, jwksTimeout),
              this::remoteSource,
              jwksCacheTtl,
              RemoteJwkSource.FETCH_RETRY_INTERVAL,
              clock);
      own(discovered, owned);
      if (ownClient) {
        // Built here, so closed with the resolver (an HttpClient is AutoCloseable from Java 21 on).
        owned.add(client);
      }
      return discovered;
    }

    // The bound only says the source can be closed; nothing here opens it in a try-with-resources.
    @SuppressWarnings("try")
    private static <T extends JWKSource<SecurityContext> & AutoCloseable>
        JWKSource<SecurityContext> own(T source, List<Object> owned) {
      owned.add(source);
      return source;
    }

    private void validateRemote() {
      requirePositive("jwksTimeout", jwksTimeout);
      requirePositive("jwksCacheTtl", jwksCacheTtl);
      requirePositive("jwksRefetchInterval", jwksRefetchInterval);
      requirePositive("jwksOutageTolerance", jwksOutageTolerance);
      if (jwksTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalStateException("jwksTimeout must be at most 1 minute, was " + jwksTimeout);
      }
      if (jwksRefetchInterval.compareTo(jwksCacheTtl) >= 0) {
        throw new IllegalStateException(
            "jwksRefetchInterval ("
                + jwksRefetchInterval
                + ") must be shorter than jwksCacheTtl ("
                + jwksCacheTtl
                + ")");
      }
    }

    private RemoteJwkSource remoteSource(URI uri) {
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || uri.getHost() == null) {
        throw new IllegalStateException(
            "jwksUri must be an absolute http or https URL, was " + uri);
      }
      return RemoteJwkSource.create(
          uri, jwksTimeout, jwksCacheTtl, jwksRefetchInterval, jwksOutageTolerance, clock);
    }

    private static void requirePositive(String setting, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalStateException(setting + " must be positive, was " + value);
      }
    }
  }
}
