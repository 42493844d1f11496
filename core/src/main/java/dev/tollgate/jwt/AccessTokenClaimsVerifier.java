package dev.tollgate.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The claim checks of RFC 9068 §4 and RFC 8725 §3.8–3.9, against an injected {@link Clock}.
 *
 * <p>{@code iss} must match exactly (no normalisation of case or trailing slash: RFC 8414 §3.3);
 * {@code aud} must name one of the accepted audiences (RFC 8707); {@code exp} and {@code sub} are
 * required; {@code nbf} and {@code iat} may not lie in the future by more than the skew. {@link
 * TokenVerifier} runs this only after the signature has been verified.
 *
 * <p>Whatever token types are accepted, a token that carries an OpenID Connect ID token marker is
 * refused: {@code nonce}, {@code at_hash} or {@code c_hash} (OpenID Connect Core §2, §3.1.3.6,
 * §3.3.2.11, claims only an ID token has), Keycloak's {@code typ} claim {@code ID}, or Cognito's
 * {@code token_use} other than {@code access}. An ID token's audience is its client, so a
 * deployment that accepts the client id as audience and {@code typ: JWT} would otherwise take a
 * login's ID token for an access token.
 *
 * <p>Without an {@code aud} claim a token is refused, unless an audience scope prefix is set
 * (Amazon Cognito, whose access tokens carry no {@code aud}): then it must be a Cognito access
 * token ({@code token_use} {@code access}) with at least one scope named {@code <prefix>/…}, which
 * only clients granted a scope of that resource server can obtain from that user pool.
 */
final class AccessTokenClaimsVerifier {
  private static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash");

  private final String issuer;
  private final Set<String> audiences;
  private final @Nullable String audienceScopePrefix;
  private final ScopeClaims scopeClaims;
  private final Duration clockSkew;
  private final Clock clock;

  AccessTokenClaimsVerifier(
      String issuer,
      Set<String> audiences,
      @Nullable String audienceScopePrefix,
      ScopeClaims scopeClaims,
      Duration clockSkew,
      Clock clock) {
    this.issuer = issuer;
    this.audiences = Set.copyOf(audiences);
    this.audienceScopePrefix = audienceScopePrefix == null ? null : audienceScopePrefix + "/";
    this.scopeClaims = scopeClaims;
    this.clockSkew = clockSkew;
    this.clock = clock;
  }

  void verify(JWTClaimsSet claims) throws TokenRejectedException {
    if (!(claims.getClaim("iss") instanceof String iss) || !iss.equals(issuer)) {
      throw new TokenRejectedException(RejectReason.UNTRUSTED_ISSUER);
    }
    Map<String, Object> all = claims.getClaims();
    if (isIdToken(all)) {
      throw new TokenRejectedException(RejectReason.ID_TOKEN);
    }
    verifyAudience(claims, all);
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

  static boolean isIdToken(Map<String, Object> claims) {
    for (String name : ID_TOKEN_CLAIMS) {
      if (claims.containsKey(name)) {
        return true;
      }
    }
    if (claims.get("typ") instanceof String typ && typ.equalsIgnoreCase("ID")) {
      return true;
    }
    Object use = claims.get("token_use");
    return use != null && !"access".equals(use);
  }

  private void verifyAudience(JWTClaimsSet claims, Map<String, Object> all)
      throws TokenRejectedException {
    if (all.containsKey("aud")) {
      List<String> named = claims.getAudience();
      for (String audience : named) {
        if (audiences.contains(audience)) {
          return;
        }
      }
      throw new TokenRejectedException(RejectReason.WRONG_AUDIENCE);
    }
    String prefix = audienceScopePrefix;
    if (prefix == null || !"access".equals(all.get("token_use"))) {
      throw new TokenRejectedException(RejectReason.WRONG_AUDIENCE);
    }
    for (String scope : scopeClaims.read(all)) {
      if (scope.length() > prefix.length() && scope.startsWith(prefix)) {
        return;
      }
    }
    throw new TokenRejectedException(RejectReason.WRONG_AUDIENCE);
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }
}
