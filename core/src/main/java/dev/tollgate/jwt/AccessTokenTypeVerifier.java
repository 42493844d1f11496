package dev.tollgate.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * Accepts only the configured {@link TokenTypes} (RFC 9068 §2.1, §4; RFC 8725 §3.11); by default
 * {@code at+jwt}, which keeps ID tokens and other JWTs from passing as access tokens.
 */
final class AccessTokenTypeVerifier implements JOSEObjectTypeVerifier<SecurityContext> {
  private final TokenTypes types;

  AccessTokenTypeVerifier(TokenTypes types) {
    this.types = types;
  }

  @Override
  public void verify(@Nullable JOSEObjectType type, @Nullable SecurityContext context)
      throws TokenRejectedException {
    if (!types.accepts(type == null ? null : type.getType())) {
      throw new TokenRejectedException(RejectReason.WRONG_TYPE);
    }
  }
}
