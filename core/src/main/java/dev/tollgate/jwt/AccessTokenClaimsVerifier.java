package dev.tollgate.jwt;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The claim checks of RFC 9068 §4 and RFC 8725 §3.8–3.9, against an injected {@link Clock}.
 *
 * <p>{@code iss} must match exactly (no normalisation of case or trailing slash: RFC 8414 §3.3);
 * {@code aud} must name this resource (RFC 8707); {@code exp} and {@code sub} are required; {@code
 * nbf} and {@code iat} may not lie in the future by more than the skew. Nimbus runs this only after
 * the signature has been verified.
 */
final class AccessTokenClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
  private final String issuer;
  private final String audience;
  private final Duration clockSkew;
  private final Clock clock;

  AccessTokenClaimsVerifier(String issuer, String audience, Duration clockSkew, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.clockSkew = clockSkew;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, @Nullable SecurityContext context)
      throws TokenRejectedException {
    if (!(claims.getClaim("iss") instanceof String iss) || !iss.equals(issuer)) {
      throw new TokenRejectedException(RejectReason.UNTRUSTED_ISSUER);
    }
    List<String> audiences = claims.getAudience();
    if (audiences == null || !audiences.contains(audience)) {
      throw new TokenRejectedException(RejectReason.WRONG_AUDIENCE);
    }
    Instant now = clock.instant();
    Instant expiresAt = instant(claims.getExpirationTime());
    if (expiresAt == null) {
      throw new TokenRejectedException(RejectReason.MISSING_CLAIM);
    }
    if (!now.isBefore(expiresAt.plus(clockSkew))) {
      throw new TokenRejectedException(RejectReason.EXPIRED);
    }
    Instant notBefore = instant(claims.getNotBeforeTime());
    if (notBefore != null && now.isBefore(notBefore.minus(clockSkew))) {
      throw new TokenRejectedException(RejectReason.NOT_YET_VALID);
    }
    Instant issuedAt = instant(claims.getIssueTime());
    if (issuedAt != null && now.isBefore(issuedAt.minus(clockSkew))) {
      throw new TokenRejectedException(RejectReason.ISSUED_IN_FUTURE);
    }
    if (!(claims.getClaim("sub") instanceof String sub) || sub.isBlank()) {
      throw new TokenRejectedException(RejectReason.MISSING_CLAIM);
    }
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }
}
