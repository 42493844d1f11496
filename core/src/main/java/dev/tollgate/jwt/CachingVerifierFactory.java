package dev.tollgate.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Builds each key's JWS verifier once instead of once per token, as Nimbus' {@link
 * DefaultJWSVerifierFactory} does. Nimbus' RSA and EC verifiers are immutable and thread-safe (each
 * {@code verify} takes its own {@code Signature}), so one per key serves every thread; each still
 * checks the header's algorithm against the key on every call. Other key types go to the default
 * factory unchanged.
 *
 * <p>Verifiers are held per key instance (identity, weakly), which {@link CachingKeySelector} keeps
 * stable for as long as the JWK set is.
 */
final class CachingVerifierFactory implements JWSVerifierFactory {
  /** As for {@link CachingKeySelector}: a bound against churn, not a working-set size. */
  private static final int MAX_KEYS = 256;

  private final DefaultJWSVerifierFactory fallback = new DefaultJWSVerifierFactory();
  private final Cache<Key, JWSVerifier> verifiers =
      Caffeine.newBuilder().weakKeys().maximumSize(MAX_KEYS).executor(Runnable::run).build();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    JWSAlgorithm algorithm = header.getAlgorithm();
    boolean rsa =
        RSASSAVerifier.SUPPORTED_ALGORITHMS.contains(algorithm) && key instanceof RSAPublicKey;
    boolean ec =
        ECDSAVerifier.SUPPORTED_ALGORITHMS.contains(algorithm) && key instanceof ECPublicKey;
    if (!rsa && !ec) {
      return fallback.createJWSVerifier(header, key);
    }
    JWSVerifier verifier = verifiers.getIfPresent(key);
    if (verifier == null) {
      // Built outside the cache's compute: the EC constructor can throw a checked exception.
      verifier =
          rsa ? new RSASSAVerifier((RSAPublicKey) key) : new ECDSAVerifier((ECPublicKey) key);
      JWSVerifier raced = verifiers.asMap().putIfAbsent(key, verifier);
      if (raced != null) {
        verifier = raced;
      }
    }
    return verifier;
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return fallback.supportedJWSAlgorithms();
  }

  @Override
  public JCAContext getJCAContext() {
    return fallback.getJCAContext();
  }
}
