package dev.tollgate.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * Accepts only {@code typ} {@code at+jwt} or {@code application/at+jwt}, case-insensitively (RFC
 * 9068 §2.1, §4; RFC 8725 §3.11): it keeps ID tokens and other JWTs from passing as access tokens.
 */
final class AccessTokenTypeVerifier implements JOSEObjectTypeVerifier<SecurityContext> {

  @Override
  public void verify(@Nullable JOSEObjectType type, @Nullable SecurityContext context)
      throws TokenRejectedException {
    if (type == null || !TokenPrecheck.isAccessTokenType(type.getType())) {
      throw new TokenRejectedException(RejectReason.WRONG_TYPE);
    }
  }
}
