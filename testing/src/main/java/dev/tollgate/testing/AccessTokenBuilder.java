package dev.tollgate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Mints one JWT access token (RFC 9068) from a {@link LocalIssuer}: valid by default, and broken on
 * request, one fault at a time, so that a test names exactly what it expects to be refused.
 *
 * <p>Defaults: header {@code typ: at+jwt}, RS256 with the issuer's published key; claims {@code
 * iss} (the issuer), {@code aud} (the issuer's resource), {@code sub} {@value #DEFAULT_SUBJECT},
 * {@code client_id} {@value #DEFAULT_CLIENT_ID}, {@code iat} now, {@code exp} now plus {@link
 * #DEFAULT_LIFETIME}, a random {@code jti}, and no {@code scope}.
 *
 * <pre>{@code
 * String token = issuer.token().subject("demo-pro").scopes("mcp").claim("plan", "enterprise").sign();
 * String stale = issuer.token().expired().sign();
 * }</pre>
 *
 * <p>Not thread-safe; build each token on one thread.
 */
public final class AccessTokenBuilder {
  /** The subject when none is set. */
  public static final String DEFAULT_SUBJECT = "test-user";

  /** The client id when none is set. */
  public static final String DEFAULT_CLIENT_ID = "test-client";

  /** Ten minutes: longer than any test, shorter than a forgotten token should live. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

  /**
   * How far in the past {@link #expired()} puts {@code exp}: well beyond the five-minute maximum
   * clock skew a resolver accepts, so the token is refused under any configuration.
   */
  static final Duration EXPIRED_BY = Duration.ofMinutes(10);

  private final IssuerKeys keys;
  private final Clock clock;
  private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
  private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
  private @Nullable String type = "at+jwt";
  private @Nullable Duration lifetime = DEFAULT_LIFETIME;
  private @Nullable Instant issuedAt;
  private @Nullable Instant expiresAt;
  private @Nullable Instant notBefore;
  private boolean unknownKey;
  private boolean unsigned;

  AccessTokenBuilder(IssuerKeys keys, Clock clock, String issuer, URI resource) {
    this.keys = keys;
    this.clock = clock;
    claims.put("iss", issuer);
    claims.put("sub", DEFAULT_SUBJECT);
    claims.put("aud", resource.toString());
    claims.put("client_id", DEFAULT_CLIENT_ID);
    claims.put("jti", UUID.randomUUID().toString());
  }

  /** The {@code sub} claim, which Tollgate takes as the account id by default. */
  public AccessTokenBuilder subject(String subject) {
    return claim("sub", Objects.requireNonNull(subject, "subject == null"));
  }

  /** The {@code client_id} claim (RFC 9068 §2.2). */
  public AccessTokenBuilder clientId(String clientId) {
    return claim("client_id", Objects.requireNonNull(clientId, "clientId == null"));
  }

  /** The scope claim, space-separated (RFC 9068 §2.2.3); none removes it. */
  public AccessTokenBuilder scopes(String... scopes) {
    Objects.requireNonNull(scopes, "scopes == null");
    return claim("scope", scopes.length == 0 ? null : String.join(" ", scopes));
  }

  /** The {@code aud} claim: one value as a string, several as an array (RFC 7519 §4.1.3). */
  public AccessTokenBuilder audience(String... audiences) {
    Objects.requireNonNull(audiences, "audiences == null");
    if (audiences.length == 0) {
      throw new IllegalArgumentException("audience: at least one value (or withoutClaim(\"aud\"))");
    }
    return claim(
        "aud", audiences.length == 1 ? audiences[0] : List.copyOf(Arrays.asList(audiences)));
  }

  /** The {@code aud} claim naming {@code resource}. */
  public AccessTokenBuilder audience(URI resource) {
    return audience(Objects.requireNonNull(resource, "resource == null").toString());
  }

  /** The {@code iss} claim; anything but the issuer's own URL makes the token someone else's. */
  public AccessTokenBuilder issuer(String issuer) {
    return claim("iss", Objects.requireNonNull(issuer, "issuer == null"));
  }

  /** The {@code jti} claim; a random UUID by default. */
  public AccessTokenBuilder jwtId(String jwtId) {
    return claim("jti", Objects.requireNonNull(jwtId, "jwtId == null"));
  }

  /** Any further claim (e.g. {@code plan}); {@code null} removes it. */
  public AccessTokenBuilder claim(String name, @Nullable Object value) {
    Objects.requireNonNull(name, "name == null");
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  /** Leaves claim {@code name} out, e.g. {@code sub} or {@code aud}. */
  public AccessTokenBuilder withoutClaim(String name) {
    return claim(name, null);
  }

  /** {@code exp} = {@code iat} + {@code lifetime}; default {@link #DEFAULT_LIFETIME}. */
  public AccessTokenBuilder lifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime == null");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException(
          "lifetime must be positive, was " + lifetime + " (use expired())");
    }
    this.lifetime = lifetime;
    this.expiresAt = null;
    return this;
  }

  /** An {@code exp} well in the past, beyond any accepted clock skew. */
  public AccessTokenBuilder expired() {
    Instant now = clock.instant();
    this.issuedAt = now.minus(EXPIRED_BY).minus(DEFAULT_LIFETIME);
    this.expiresAt = now.minus(EXPIRED_BY);
    return this;
  }

  /** An explicit {@code exp}. */
  public AccessTokenBuilder expiresAt(Instant expiresAt) {
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt == null");
    return this;
  }

  /** No {@code exp} at all, which RFC 9068 §2.2 forbids. */
  public AccessTokenBuilder withoutExpiry() {
    this.lifetime = null;
    this.expiresAt = null;
    return this;
  }

  /** An explicit {@code iat}, e.g. in the future. */
  public AccessTokenBuilder issuedAt(Instant issuedAt) {
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt == null");
    return this;
  }

  /** An {@code nbf} claim, e.g. in the future. */
  public AccessTokenBuilder notBefore(Instant notBefore) {
    this.notBefore = Objects.requireNonNull(notBefore, "notBefore == null");
    return this;
  }

  /** The header's {@code typ}; RFC 9068 wants {@code at+jwt}, so {@code "JWT"} is refused. */
  public AccessTokenBuilder type(String type) {
    this.type = Objects.requireNonNull(type, "type == null");
    return this;
  }

  /** No {@code typ} header at all. */
  public AccessTokenBuilder withoutType() {
    this.type = null;
    return this;
  }

  /** Sign with the issuer's EC P-256 key (ES256). */
  public AccessTokenBuilder es256() {
    this.algorithm = JWSAlgorithm.ES256;
    return this;
  }

  /** Sign with the issuer's RSA 2048 key (RS256), the default. */
  public AccessTokenBuilder rs256() {
    this.algorithm = JWSAlgorithm.RS256;
    return this;
  }

  /** Sign with a key the issuer never publishes (its own key id), so no verifier can find it. */
  public AccessTokenBuilder signedWithUnknownKey() {
    this.unknownKey = true;
    return this;
  }

  /** An unsecured JWT, {@code alg: none} with an empty signature (RFC 7519 §6). */
  public AccessTokenBuilder algNone() {
    this.unsigned = true;
    return this;
  }

  /** The token in compact serialization, to send as {@code Authorization: Bearer <token>}. */
  public String sign() {
    JWTClaimsSet claimsSet = claimsSet();
    JOSEObjectType typ = type == null ? null : new JOSEObjectType(type);
    if (unsigned) {
      return new PlainJWT(new PlainHeader.Builder().type(typ).build(), claimsSet).serialize();
    }
    JWSHeader header =
        new JWSHeader.Builder(algorithm)
            .type(typ)
            .keyID(keys.keyId(algorithm, !unknownKey))
            .build();
    SignedJWT jwt = new SignedJWT(header, claimsSet);
    try {
      jwt.sign(keys.signer(algorithm, !unknownKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with a generated key cannot fail", e);
    }
    return jwt.serialize();
  }

  private JWTClaimsSet claimsSet() {
    Instant now = clock.instant();
    Instant iat = issuedAt != null ? issuedAt : now;
    Instant exp = expiresAt;
    if (exp == null && lifetime != null) {
      exp = iat.plus(lifetime);
    }
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    claims.forEach(builder::claim);
    builder.issueTime(Date.from(iat));
    if (exp != null) {
      builder.expirationTime(Date.from(exp));
    }
    if (notBefore != null) {
      builder.notBeforeTime(Date.from(notBefore));
    }
    return builder.build();
  }
}
