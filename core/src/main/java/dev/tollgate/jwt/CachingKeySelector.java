package dev.tollgate.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Selects the verification keys for a JWS header exactly as Nimbus' {@code
 * JWSVerificationKeySelector} does (algorithm allowed, then the JWKs matching the header's {@code
 * kid}, key type and use), but converts each JWK to a Java public key once rather than on every
 * token: {@code RSAKey.toRSAPublicKey()} runs a {@code KeyFactory}, and {@code
 * ECKey.toECPublicKey()} also checks that the point is on the curve, which costs about as much as
 * the rest of the cold path together.
 *
 * <p>The selector for a header's key reference ({@code alg}, {@code kid}, {@code x5t#S256}) is
 * built once too; it only says which keys fit, so the key source still answers with the keys it
 * holds now, rotated or not.
 *
 * <p>Conversions are held per JWK instance (identity, weakly): the key source hands out the same
 * instances until it fetches a new JWK set, and a rotated-out key's entry goes with its JWK.
 */
final class CachingKeySelector implements JWSKeySelector<SecurityContext> {
  /** A JWK set has a handful of keys; this bound only stops a churning source from growing it. */
  private static final int MAX_KEYS = 256;

  /**
   * Distinct header key references whose selectors are kept; an issuer signs with a few keys. Only
   * references that matched a key are kept, so tokens naming made-up {@code kid}s cannot fill it.
   */
  static final int MAX_SELECTORS = 64;

  private final Set<JWSAlgorithm> algorithms;
  private final JWKSource<SecurityContext> source;
  private final Map<KeyReference, JWKSelector> selectors = new ConcurrentHashMap<>();

  private final Cache<JWK, List<Key>> converted =
      Caffeine.newBuilder().weakKeys().maximumSize(MAX_KEYS).executor(Runnable::run).build();

  CachingKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
    this.algorithms = Set.copyOf(algorithms);
    this.source = source;
  }

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, @Nullable SecurityContext context)
      throws KeySourceException {
    if (!algorithms.contains(header.getAlgorithm())) {
      return List.of();
    }
    KeyReference reference =
        new KeyReference(
            header.getAlgorithm(), header.getKeyID(), header.getX509CertSHA256Thumbprint());
    JWKSelector selector = selectors.get(reference);
    boolean known = selector != null;
    if (selector == null) {
      JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
      if (matcher == null) {
        return List.of();
      }
      selector = new JWKSelector(matcher);
    }
    List<JWK> matches = source.get(selector, context);
    if (!known && !matches.isEmpty() && selectors.size() < MAX_SELECTORS) {
      selectors.putIfAbsent(reference, selector);
    }
    if (matches.size() == 1) {
      return converted.get(matches.get(0), CachingKeySelector::publicKeys);
    }
    List<Key> keys = new ArrayList<>();
    for (JWK jwk : matches) {
      keys.addAll(converted.get(jwk, CachingKeySelector::publicKeys));
    }
    return keys;
  }

  /** The JWK's public key(s); private or secret parts are never used to verify. */
  private static List<Key> publicKeys(JWK jwk) {
    List<Key> keys = new ArrayList<>();
    for (Key key : KeyConverter.toJavaKeys(List.of(jwk))) {
      if (key instanceof PublicKey) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  /** Everything of a JWS header that {@link JWKMatcher#forJWSHeader} reads. */
  private record KeyReference(
      JWSAlgorithm algorithm, @Nullable String keyId, @Nullable Base64URL x509Sha256) {}
}
