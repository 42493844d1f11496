package dev.tollgate.servlet;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Tollgate;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.BearerTokenExtractor;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import dev.tollgate.metadata.ProtectedResourceMetadata;
import jakarta.servlet.FilterConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The filter's configuration, read once from a {@link SettingSource} and validated as a whole:
 * the same kebab-case keys work as filter init-params, context-params, system properties ({@code
 * tollgate.<key>}) and environment variables ({@code TOLLGATE_<KEY>}), in that order of precedence
 * (see {@link #servletSources(FilterConfig)}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code resource}</td><td>the MCP endpoint's canonical URL (RFC 8707, RFC 9728)</td><td>required</td></tr>
 *   <tr><td>{@code issuer}</td><td>the authorization server's exact {@code iss}</td><td>required by {@link #toTollgate()}</td></tr>
 *   <tr><td>{@code jwks-uri}</td><td>its JWK set URL</td><td>required with {@code issuer}</td></tr>
 *   <tr><td>{@code audience}</td><td>the {@code aud} tokens must carry</td><td>{@code resource}</td></tr>
 *   <tr><td>{@code scopes}</td><td>scopes every request needs, also advertised</td><td>none</td></tr>
 *   <tr><td>{@code scopes-supported}</td><td>further advertised scopes</td><td>none</td></tr>
 *   <tr><td>{@code authorization-servers}</td><td>advertised in the metadata</td><td>{@code issuer}</td></tr>
 *   <tr><td>{@code algorithms}</td><td>accepted JWS algorithms (asymmetric only)</td><td>{@code RS256,ES256}</td></tr>
 *   <tr><td>{@code clock-skew}</td><td>tolerance on {@code exp}/{@code nbf}/{@code iat}, at most 5 minutes</td><td>the resolver's (60 s)</td></tr>
 *   <tr><td>{@code retry-after}</td><td>{@code Retry-After} of a 503, 1 s to 1 h</td><td>the gate's (5 s)</td></tr>
 *   <tr><td>{@code max-header-length}</td><td>cap on the {@code Authorization} header</td><td>8192</td></tr>
 *   <tr><td>{@code resource-name}, {@code resource-documentation}</td><td>metadata fields</td><td>none</td></tr>
 *   <tr><td>{@code cors-allowed-origins}</td><td>origins allowed to call the endpoint</td><td>{@code *}</td></tr>
 *   <tr><td>{@code cors-allowed-headers}</td><td>preflight {@code Access-Control-Allow-Headers}</td><td>{@link CorsPolicy#DEFAULT_ALLOWED_HEADERS}</td></tr>
 *   <tr><td>{@code cors-max-age}</td><td>preflight {@code Access-Control-Max-Age}</td><td>10 minutes</td></tr>
 * </table>
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
  public static final String CORS_ALLOWED_ORIGINS = "cors-allowed-origins";
  public static final String CORS_ALLOWED_HEADERS = "cors-allowed-headers";
  public static final String CORS_MAX_AGE = "cors-max-age";

  /** Every key, for documentation and tooling. */
  public static final List<String> KEYS =
      List.of(
          RESOURCE, ISSUER, JWKS_URI, AUDIENCE, SCOPES, SCOPES_SUPPORTED, AUTHORIZATION_SERVERS,
          ALGORITHMS, CLOCK_SKEW, RETRY_AFTER, MAX_HEADER_LENGTH, RESOURCE_NAME,
          RESOURCE_DOCUMENTATION, CORS_ALLOWED_ORIGINS, CORS_ALLOWED_HEADERS, CORS_MAX_AGE);

  /** RS256 is what most authorization servers sign with; ES256 is the common compact alternative. */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /** Beyond a few minutes an expired token stays usable too long; a clock that far off needs NTP. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** Clients give up long before an hour; an outage that long needs a different answer than 503. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final URI resource;
  private final @Nullable String issuer;
  private final @Nullable URI jwksUri;
  private final String audience;
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

  private TollgateSettings(SettingReader in) {
    this.resource = resource(in);
    URI issuerUrl = in.url(ISSUER);
    this.issuer = issuerUrl == null ? null : issuerUrl.toString();
    this.jwksUri = in.url(JWKS_URI);
    if (issuer != null && jwksUri == null) {
      throw SettingReader.failure(JWKS_URI, "is required when " + SettingReader.label(ISSUER) + " is set");
    }
    if (issuer == null && jwksUri != null) {
      throw SettingReader.failure(ISSUER, "is required when " + SettingReader.label(JWKS_URI) + " is set");
    }
    String aud = in.string(AUDIENCE);
    this.audience = aud != null ? aud : resource.toString();
    this.requiredScopes = scopes(in, SCOPES);
    this.scopesSupported = scopes(in, SCOPES_SUPPORTED);
    List<URI> servers = in.urls(AUTHORIZATION_SERVERS);
    this.authorizationServers = servers.isEmpty() && issuerUrl != null ? List.of(issuerUrl) : List.copyOf(servers);
    this.algorithms = algorithms(in);
    this.clockSkew = in.duration(CLOCK_SKEW, Duration.ZERO, MAX_CLOCK_SKEW);
    this.retryAfter = in.duration(RETRY_AFTER, Duration.ofSeconds(1), MAX_RETRY_AFTER);
    Integer length = in.integer(MAX_HEADER_LENGTH, 64, 1 << 20);
    this.maxHeaderLength = length != null ? length : BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH;
    this.resourceName = in.string(RESOURCE_NAME);
    this.resourceDocumentation = in.url(RESOURCE_DOCUMENTATION);
    this.cors = cors(in);
  }

  /**
   * Reads and validates every key from {@code source}.
   *
   * @throws IllegalArgumentException naming the first setting at fault
   */
  public static TollgateSettings load(SettingSource source) {
    return new TollgateSettings(new SettingReader(Objects.requireNonNull(source, "source == null")));
  }

  /** Init-params, then context-params, then {@code tollgate.*} system properties, then {@code TOLLGATE_*}. */
  public static SettingSource servletSources(FilterConfig config) {
    return servletSources(config, SettingSource.systemProperties(), SettingSource.environment());
  }

  static SettingSource servletSources(
      FilterConfig config, SettingSource systemProperties, SettingSource environment) {
    return SettingSource.firstOf(
        SettingSource.filterConfig(config),
        SettingSource.servletContext(config.getServletContext()),
        systemProperties,
        environment);
  }

  /**
   * Applies these settings to {@code builder}: resource, metadata, scopes, limits and, when {@code
   * issuer} is set, a JWT resolver. Add further resolvers (API keys, introspection) before building.
   */
  public Tollgate.Builder configure(Tollgate.Builder builder) {
    builder.resource(resource);
    authorizationServers.forEach(builder::authorizationServer);
    builder.requiredScopes(requiredScopes);
    builder.scopesSupported(scopesSupported);
    builder.maxHeaderLength(maxHeaderLength);
    if (retryAfter != null) {
      builder.retryAfter(retryAfter);
    }
    if (resourceName != null || resourceDocumentation != null) {
      builder.metadata(metadata -> metadata.resourceName(resourceName).resourceDocumentation(resourceDocumentation));
    }
    if (issuer != null && jwksUri != null) {
      builder.resolver(jwtResolver(issuer, jwksUri));
    }
    return builder;
  }

  /**
   * The gate these settings describe, verifying JWT access tokens from {@code issuer}.
   *
   * @throws IllegalArgumentException when {@code issuer} (and so {@code jwks-uri}) is not set
   */
  public Tollgate toTollgate() {
    if (issuer == null) {
      throw SettingReader.failure(ISSUER, "is required (with " + SettingReader.label(JWKS_URI) + ") to verify access tokens");
    }
    return configure(Tollgate.builder()).build();
  }

  private JwtAccessTokenResolver jwtResolver(String issuer, URI jwksUri) {
    JwtAccessTokenResolver.Builder jwt =
        JwtAccessTokenResolver.builder()
            .issuer(issuer)
            .jwksUri(jwksUri)
            .audience(audience)
            .algorithms(algorithms);
    if (clockSkew != null) {
      jwt.clockSkew(clockSkew);
    }
    return jwt.build();
  }

  public URI resource() {
    return resource;
  }

  public @Nullable String issuer() {
    return issuer;
  }

  public @Nullable URI jwksUri() {
    return jwksUri;
  }

  public String audience() {
    return audience;
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

  private static URI resource(SettingReader in) {
    String value = in.string(RESOURCE);
    if (value == null) {
      throw SettingReader.failure(RESOURCE, "is required: the MCP endpoint's canonical URL, e.g. https://mcp.example.com/mcp");
    }
    URI uri = in.url(RESOURCE, value);
    try {
      return ProtectedResourceMetadata.requireResource(uri);
    } catch (IllegalArgumentException e) {
      throw SettingReader.failure(RESOURCE, "must be an absolute http(s) URL without a query, was '" + value + "'", e);
    }
  }

  private static Set<String> scopes(SettingReader in, String key) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String scope : in.list(key)) {
      if (!BearerError.isScopeToken(scope)) {
        throw SettingReader.failure(key, "not a valid scope token: '" + scope + "'");
      }
      scopes.add(scope);
    }
    return Set.copyOf(scopes);
  }

  private static Set<JWSAlgorithm> algorithms(SettingReader in) {
    List<String> names = in.list(ALGORITHMS);
    if (names.isEmpty()) {
      return DEFAULT_ALGORITHMS;
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    for (String name : names) {
      JWSAlgorithm algorithm =
          JWSAlgorithm.Family.SIGNATURE.stream()
              .filter(candidate -> candidate.getName().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      SettingReader.failure(
                          ALGORITHMS,
                          "'" + name + "' is not an asymmetric JWS algorithm (RS256, PS256, ES256, EdDSA, ...);"
                              + " none and HMAC are refused"));
      algorithms.add(algorithm);
    }
    return Set.copyOf(algorithms);
  }

  private static CorsPolicy cors(SettingReader in) {
    CorsPolicy.Builder cors = CorsPolicy.builder();
    for (String origin : in.list(CORS_ALLOWED_ORIGINS)) {
      try {
        cors.allowedOrigin(origin);
      } catch (IllegalArgumentException e) {
        throw SettingReader.failure(CORS_ALLOWED_ORIGINS, e.getMessage(), e);
      }
    }
    List<String> headers = in.list(CORS_ALLOWED_HEADERS);
    if (!headers.isEmpty()) {
      try {
        cors.allowedHeaders(headers);
      } catch (IllegalArgumentException e) {
        throw SettingReader.failure(CORS_ALLOWED_HEADERS, e.getMessage(), e);
      }
    }
    Duration maxAge = in.duration(CORS_MAX_AGE, Duration.ZERO, Duration.ofDays(1));
    if (maxAge != null) {
      cors.maxAge(maxAge);
    }
    return cors.build();
  }
}
