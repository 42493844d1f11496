package dev.tollgate.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves JWT access tokens (RFC 9068) signed by one authorization server, verified with Nimbus
 * JOSE+JWT against its JWK set, following the JWT best practices of RFC 8725.
 *
 * <pre>{@code
 * JwtAccessTokenResolver jwt = JwtAccessTokenResolver.builder()
 *     .issuer("https://auth.example.com")
 *     .audience("https://mcp.example.com/mcp")
 *     .jwksUri(URI.create("https://auth.example.com/jwks"))
 *     .build();
 * }</pre>
 *
 * <p>Only three-part compact JWS values are claimed; anything else (API keys, opaque tokens, JWE)
 * is {@link Resolution#notMine()}. A claimed token is decoded strictly first (canonical base64url,
 * strict UTF-8, JSON objects), its header checked ({@code alg} among the configured asymmetric
 * algorithms, no {@code none}, no {@code jku}/{@code x5u}/{@code jwk}/{@code x5c}, no {@code crit},
 * {@code typ} {@code at+jwt}), then its signature and claims verified. A bad token resolves to
 * {@link Resolution#invalid(String)} with a fixed phrase; a JWK set that cannot be fetched resolves
 * to {@link Resolution#unavailable(String)} ({@code "jwks"}), never to a 401. Instances are
 * immutable and thread-safe.
 */
public final class JwtAccessTokenResolver implements CredentialResolver {
  private static final Logger log = LoggerFactory.getLogger(JwtAccessTokenResolver.class);

  /** The JWKS dependency's name in {@link Resolution.Unavailable}. */
  public static final String JWKS_DEPENDENCY = "jwks";

  private final TokenPrecheck precheck;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final AccessTokenClaimsMapper mapper;

  private JwtAccessTokenResolver(Builder builder, JWKSource<SecurityContext> jwkSource) {
    this.precheck = new TokenPrecheck(builder.algorithms);
    DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
    jwtProcessor.setJWSTypeVerifier(new AccessTokenTypeVerifier());
    // Keys converted and verifiers built once per JWK, not once per token (see each class).
    jwtProcessor.setJWSKeySelector(new CachingKeySelector(builder.algorithms, jwkSource));
    jwtProcessor.setJWSVerifierFactory(new CachingVerifierFactory());
    jwtProcessor.setJWTClaimsSetVerifier(
        new AccessTokenClaimsVerifier(
            Objects.requireNonNull(builder.issuer),
            Objects.requireNonNull(builder.audience),
            builder.clockSkew,
            builder.clock));
    this.processor = jwtProcessor;
    this.mapper =
        new AccessTokenClaimsMapper(
            builder.accountIdClaim,
            Objects.requireNonNull(builder.issuer),
            Objects.requireNonNull(builder.audience),
            builder.attributeClaims);
  }

  /** Starts a resolver; issuer, audience and one of jwksUri / jwkSource are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    if (!credential.looksLikeJwt()) {
      return Resolution.notMine();
    }
    String token = credential.value();
    RejectReason early = precheck.check(token);
    if (early != null) {
      return invalid(early);
    }
    try {
      JWTClaimsSet claims = processor.process(SignedJWT.parse(token), null);
      return Resolution.resolved(mapper.toPrincipal(claims));
    } catch (TokenRejectedException e) {
      return invalid(e.reason());
    } catch (KeySourceException e) {
      // The dependency's fault, not the token's: 503, never 401. The message names the JWKS URL
      // and the failure, never the token.
      log.warn("JWK set unavailable: {}: {}", e.getClass().getSimpleName(), e.getMessage());
      return Resolution.unavailable(JWKS_DEPENDENCY);
    } catch (BadJWTException e) {
      // Nimbus could not read the claims (e.g. "exp" not a number); our own checks are above.
      return invalid(RejectReason.MALFORMED);
    } catch (BadJWSException e) {
      return invalid(RejectReason.SIGNATURE_INVALID);
    } catch (BadJOSEException e) {
      // With the header checked above, what Nimbus still refuses here is a token for which no
      // configured key matches (unknown kid, or a key of another type).
      return invalid(RejectReason.UNKNOWN_KEY);
    } catch (JOSEException e) {
      return invalid(RejectReason.SIGNATURE_INVALID);
    } catch (ParseException e) {
      return invalid(RejectReason.MALFORMED);
    }
  }

  private static Resolution invalid(RejectReason reason) {
    // Not logged here: the audit event records every refusal with a fingerprint, never the token.
    return Resolution.invalid(reason.phrase());
  }

  /**
   * Builds a {@link JwtAccessTokenResolver}; every setting is validated once, in {@link #build()}.
   */
  public static final class Builder {
    /** Skews beyond this hide broken clocks and stretch a token's life; RFC 8725 suggests minutes. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private @Nullable String issuer;
    private @Nullable URI jwksUri;
    private @Nullable JWKSource<SecurityContext> jwkSource;
    private @Nullable String audience;
    private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private Duration clockSkew = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private String accountIdClaim = "sub";
    private @Nullable Set<String> attributeClaims;
    private Duration jwksTimeout = Duration.ofSeconds(2);
    private Duration jwksCacheTtl = Duration.ofMinutes(5);
    private Duration jwksRefetchInterval = Duration.ofSeconds(30);
    private Duration jwksOutageTolerance = Duration.ofHours(1);

    private Builder() {}

    /** Required. The exact {@code iss} value expected (compared as-is: RFC 8414 §3.3). */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer == null");
      return this;
    }

    /** The JWK set URL; remote fetching with caching, rate-limited refetch and outage tolerance. */
    public Builder jwksUri(URI jwksUri) {
      this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri == null");
      return this;
    }

    /** Alternative to {@link #jwksUri(URI)}: any Nimbus key source (tests, static keys). */
    public Builder jwkSource(JWKSource<SecurityContext> jwkSource) {
      this.jwkSource = Objects.requireNonNull(jwkSource, "jwkSource == null");
      return this;
    }

    /** Required. The resource identifier that {@code aud} must name (RFC 8707). */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience == null");
      return this;
    }

    /** Accepted JWS algorithms; default RS256 and ES256. {@code none} and HMAC are refused. */
    public Builder algorithms(Set<JWSAlgorithm> algorithms) {
      this.algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms == null"));
      return this;
    }

    /** Tolerance for {@code exp}, {@code nbf} and future {@code iat}; default 60 seconds. */
    public Builder clockSkew(Duration clockSkew) {
      this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew == null");
      return this;
    }

    /** Clock for time checks and JWK set caching; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Claim naming the account; default {@code sub}. */
    public Builder accountIdClaim(String claim) {
      this.accountIdClaim = Objects.requireNonNull(claim, "claim == null");
      return this;
    }

    /**
     * Which claims the principal keeps as {@link dev.tollgate.TollgatePrincipal#attributes()};
     * default all that are not principal fields. Every cached principal holds its attributes, so
     * naming only the claims the application reads (plan, credits, tenant, ...) keeps a 1 KB token
     * with profile claims from costing about 1.8 KB of heap per cache entry; see
     * benchmarks/PERFORMANCE.md.
     */
    public Builder attributeClaims(Set<String> claims) {
      this.attributeClaims = Set.copyOf(Objects.requireNonNull(claims, "claims == null"));
      return this;
    }

    /** Connect and read timeout for JWKS fetches; default 2 seconds. */
    public Builder jwksTimeout(Duration timeout) {
      this.jwksTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /** How long a fetched JWK set is used before refresh; default 5 minutes. */
    public Builder jwksCacheTtl(Duration ttl) {
      this.jwksCacheTtl = Objects.requireNonNull(ttl, "ttl == null");
      return this;
    }

    /** Minimum interval between refetches triggered by unknown {@code kid}s; default 30 seconds. */
    public Builder jwksRefetchInterval(Duration interval) {
      this.jwksRefetchInterval = Objects.requireNonNull(interval, "interval == null");
      return this;
    }

    /**
     * How long past its TTL a fetched JWK set keeps serving while the JWKS endpoint is down;
     * default 1 hour, long enough to ride out an authorization server outage, short enough that
     * a key withdrawn during one stops being trusted.
     */
    public Builder jwksOutageTolerance(Duration tolerance) {
      this.jwksOutageTolerance = Objects.requireNonNull(tolerance, "tolerance == null");
      return this;
    }

    /** Validates the settings and builds the resolver. */
    public JwtAccessTokenResolver build() {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalStateException("issuer is required");
      }
      if (audience == null || audience.isBlank()) {
        throw new IllegalStateException("audience is required");
      }
      if ((jwksUri == null) == (jwkSource == null)) {
        throw new IllegalStateException("exactly one of jwksUri and jwkSource is required");
      }
      if (accountIdClaim.isBlank()) {
        throw new IllegalStateException("accountIdClaim must not be blank");
      }
      if (attributeClaims != null && attributeClaims.stream().anyMatch(String::isBlank)) {
        throw new IllegalStateException("attributeClaims must not contain a blank claim name");
      }
      Algorithms.validate(algorithms);
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalStateException(
            "clockSkew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + clockSkew);
      }
      JWKSource<SecurityContext> keys = jwkSource;
      if (keys == null) {
        keys = remoteSource(Objects.requireNonNull(jwksUri));
      }
      return new JwtAccessTokenResolver(this, keys);
    }

    private JWKSource<SecurityContext> remoteSource(URI uri) {
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || uri.getHost() == null) {
        throw new IllegalStateException("jwksUri must be an absolute http or https URL, was " + uri);
      }
      requirePositive("jwksTimeout", jwksTimeout);
      requirePositive("jwksCacheTtl", jwksCacheTtl);
      requirePositive("jwksRefetchInterval", jwksRefetchInterval);
      requirePositive("jwksOutageTolerance", jwksOutageTolerance);
      if (jwksTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalStateException("jwksTimeout must be at most 1 minute, was " + jwksTimeout);
      }
      if (jwksRefetchInterval.compareTo(jwksCacheTtl) >= 0) {
        throw new IllegalStateException(
            "jwksRefetchInterval (" + jwksRefetchInterval + ") must be shorter than jwksCacheTtl ("
                + jwksCacheTtl + ")");
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
