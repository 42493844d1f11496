package dev.tollgate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The issuer's signing keys: an RSA 2048 and an EC P-256 key that it publishes, and one of each it
 * never publishes, for tokens that must fail verification. Generated fresh per issuer, so no test
 * depends on a key checked into a repository.
 */
final class IssuerKeys {
  /** Key ids of the keys never published: a verifier cannot find them in the JWK set. */
  static final String UNKNOWN_RSA_KID = "unpublished-rsa";

  static final String UNKNOWN_EC_KID = "unpublished-ec";

  private final RSAKey rsa;
  private final ECKey ec;
  private final String jwksJson;
  // Made on first use only: RSA key generation is the slowest part of starting an issuer.
  private @Nullable RSAKey unknownRsa;
  private @Nullable ECKey unknownEc;

  private IssuerKeys(RSAKey rsa, ECKey ec) {
    this.rsa = rsa;
    this.ec = ec;
    this.jwksJson = new JWKSet(List.<JWK>of(rsa, ec)).toPublicJWKSet().toString();
  }

  static IssuerKeys generate() {
    try {
      return new IssuerKeys(rsa("rsa-1"), ec("ec-1"));
    } catch (JOSEException e) {
      throw new IllegalStateException("the JDK always generates RSA 2048 and P-256 keys", e);
    }
  }

  private static RSAKey rsa(String kid) throws JOSEException {
    return new RSAKeyGenerator(2048)
        .keyID(kid)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.RS256)
        .generate();
  }

  private static ECKey ec(String kid) throws JOSEException {
    return new ECKeyGenerator(Curve.P_256)
        .keyID(kid)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.ES256)
        .generate();
  }

  /** The public JWK set (RFC 7517 §5), as served at {@code /jwks}. */
  String jwksJson() {
    return jwksJson;
  }

  /** The key id for {@code algorithm}, published or not. */
  String keyId(JWSAlgorithm algorithm, boolean published) {
    return key(algorithm, published).getKeyID();
  }

  /** A signer for {@code algorithm} (RS256 or ES256) with the published or an unpublished key. */
  JWSSigner signer(JWSAlgorithm algorithm, boolean published) {
    try {
      JWK key = key(algorithm, published);
      return key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
    } catch (JOSEException e) {
      throw new IllegalStateException("generated keys always make signers", e);
    }
  }

  private synchronized JWK key(JWSAlgorithm algorithm, boolean published) {
    try {
      if (JWSAlgorithm.RS256.equals(algorithm)) {
        if (published) {
          return rsa;
        }
        if (unknownRsa == null) {
          unknownRsa = rsa(UNKNOWN_RSA_KID);
        }
        return unknownRsa;
      }
      if (JWSAlgorithm.ES256.equals(algorithm)) {
        if (published) {
          return ec;
        }
        if (unknownEc == null) {
          unknownEc = ec(UNKNOWN_EC_KID);
        }
        return unknownEc;
      }
    } catch (JOSEException e) {
      throw new IllegalStateException("the JDK always generates RSA 2048 and P-256 keys", e);
    }
    throw new IllegalArgumentException("unsupported algorithm " + algorithm);
  }
}
