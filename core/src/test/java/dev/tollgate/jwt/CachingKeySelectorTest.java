package dev.tollgate.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachingKeySelectorTest {
  private final AtomicReference<JWKSet> current =
      new AtomicReference<>(TestTokens.publicKeys(TestTokens.RSA, TestTokens.EC));
  private final JWKSource<SecurityContext> source =
      (selector, context) -> selector.select(current.get());
  private final CachingKeySelector selector =
      new CachingKeySelector(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source);

  @Test
  void selectJWSKeysWhenSameJwkTwiceThenConvertedOnce() throws Exception {
    List<? extends Key> first = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null);
    List<? extends Key> second = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null);

    assertEquals(List.of(TestTokens.RSA.toRSAPublicKey()), first);
    assertSame(first.get(0), second.get(0));
  }

  @Test
  void selectJWSKeysWhenPrivateJwkThenOnlyPublicKey() throws Exception {
    current.set(new JWKSet(TestTokens.EC));

    List<? extends Key> keys = selector.selectJWSKeys(header(JWSAlgorithm.ES256, "ec-1"), null);

    assertEquals(1, keys.size());
    assertTrue(keys.get(0) instanceof PublicKey);
  }

  @Test
  void selectJWSKeysWhenJwkSetRotatedThenNewKey() throws Exception {
    selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null);
    // Same kid, another key: the conversion follows the JWK instance, not the kid.
    current.set(TestTokens.publicKeys(TestTokens.OTHER_RSA));

    List<? extends Key> keys = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null);

    assertEquals(List.of(TestTokens.OTHER_RSA.toRSAPublicKey()), keys);
  }

  @Test
  void selectJWSKeysWhenAlgorithmNotConfiguredThenNone() throws Exception {
    assertEquals(List.of(), selector.selectJWSKeys(header(JWSAlgorithm.PS256, "rsa-1"), null));
  }

  @Test
  void selectJWSKeysWhenKidUnknownThenNone() throws Exception {
    assertEquals(List.of(), selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-9"), null));
  }

  @Test
  void selectJWSKeysWhenKeyTypeDoesNotFitAlgorithmThenNone() throws Exception {
    assertEquals(List.of(), selector.selectJWSKeys(header(JWSAlgorithm.ES256, "rsa-1"), null));
  }

  @Test
  void selectJWSKeysWhenKeyWithdrawnAfterBeingSelectedThenNone() throws Exception {
    selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null);
    current.set(TestTokens.publicKeys(TestTokens.EC));

    assertEquals(List.of(), selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null));
  }

  @Test
  void selectJWSKeysWhenKidSelectedForOneAlgorithmThenAnotherAlgorithmStillMatchesItsOwnKeyType()
      throws Exception {
    selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null);

    assertEquals(List.of(), selector.selectJWSKeys(header(JWSAlgorithm.ES256, "rsa-1"), null));
  }

  @Test
  void selectJWSKeysWhenKidNamedBeforeItsKeyIsPublishedThenSelectedOnceItIs() throws Exception {
    RSAKey rotated = TestTokens.rsa("rsa-2");
    assertEquals(List.of(), selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-2"), null));
    current.set(TestTokens.publicKeys(TestTokens.RSA, rotated));

    assertEquals(
        List.of(rotated.toRSAPublicKey()),
        selector.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-2"), null));
  }

  private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
    return new JWSHeader.Builder(algorithm).keyID(kid).build();
  }
}
