package dev.tollgate.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.Key;
import java.util.List;

/**
 * Verifies a {@link DecodedJws} for one trusted issuer: the steps of Nimbus' {@code
 * DefaultJWTProcessor} (keys for the header's algorithm and {@code kid}, a signature that one of
 * them verifies, then the claim checks), run on the one decoding instead of a re-parse of the
 * token. The header policy ({@code alg}, {@code typ}, key references) is {@link TokenPrecheck}'s,
 * checked before; the key selector checks the algorithm again, and each verifier checks it against
 * its key.
 */
final class TokenVerifier {
  private final CachingKeySelector keys;
  private final CachingVerifierFactory verifiers;
  private final AccessTokenClaimsVerifier claims;

  TokenVerifier(
      CachingKeySelector keys, CachingVerifierFactory verifiers, AccessTokenClaimsVerifier claims) {
    this.keys = keys;
    this.verifiers = verifiers;
    this.claims = claims;
  }

  /**
   * Returns normally only when a key of the issuer verifies the signature and the claims pass.
   *
   * @throws TokenRejectedException the token's fault: no key fits it, the signature does not verify
   *     or a claim check fails
   * @throws KeySourceException the issuer's keys cannot be had: the dependency's fault
   */
  void verify(DecodedJws jws, JWSHeader header, JWTClaimsSet claimsSet)
      throws TokenRejectedException, KeySourceException {
    // An unknown kid makes the key source refetch (rate-limited) before it answers none.
    List<? extends Key> candidates = keys.selectJWSKeys(header, null);
    if (candidates.isEmpty()) {
      throw new TokenRejectedException(RejectReason.UNKNOWN_KEY);
    }
    byte[] signingInput = jws.signingInput();
    Base64URL signature = jws.signature();
    for (Key key : candidates) {
      if (verifies(header, key, signingInput, signature)) {
        // Claims only after the signature, as their values are not to be trusted before.
        claims.verify(claimsSet);
        return;
      }
    }
    throw new TokenRejectedException(RejectReason.SIGNATURE_INVALID);
  }

  private boolean verifies(JWSHeader header, Key key, byte[] signingInput, Base64URL signature)
      throws TokenRejectedException {
    try {
      JWSVerifier verifier = verifiers.createJWSVerifier(header, key);
      return verifier.verify(header, signingInput, signature);
    } catch (JOSEException | RuntimeException e) {
      // A key that cannot verify this algorithm, or a signature a verifier cannot even read.
      throw new TokenRejectedException(RejectReason.SIGNATURE_INVALID);
    }
  }
}
