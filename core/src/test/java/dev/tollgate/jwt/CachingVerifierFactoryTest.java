package dev.tollgate.jwt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachingVerifierFactoryTest {
  private final CachingVerifierFactory factory = new CachingVerifierFactory();

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void createJWSVerifierWhenSameKeyTwiceThenSameVerifier(String algorithm) throws Exception {
    Key key = publicKey(algorithm);
    JWSHeader header = new JWSHeader(JWSAlgorithm.parse(algorithm));

    assertSame(factory.createJWSVerifier(header, key), factory.createJWSVerifier(header, key));
  }

  @Test
  void createJWSVerifierWhenAnotherKeyThenAnotherVerifier() throws Exception {
    JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);

    assertNotSame(
        factory.createJWSVerifier(header, TestTokens.RSA.toRSAPublicKey()),
        factory.createJWSVerifier(header, TestTokens.OTHER_RSA.toRSAPublicKey()));
  }

  @Test
  void createJWSVerifierWhenReusedThenStillChecksEachSignature() throws Exception {
    SignedJWT good = SignedJWT.parse(TestTokens.rs256(TestTokens.claims(TestTokens.NOW).build()));
    String[] parts = good.serialize().split("\\.");
    SignedJWT forged =
        SignedJWT.parse(
            parts[0]
                + "."
                + TestTokens.b64("{\"sub\":\"someone-else\"}".getBytes())
                + "."
                + parts[2]);
    JWSVerifier verifier =
        factory.createJWSVerifier(good.getHeader(), TestTokens.RSA.toRSAPublicKey());

    assertTrue(good.verify(verifier));
    assertFalse(forged.verify(verifier));
    assertTrue(
        good.verify(factory.createJWSVerifier(good.getHeader(), TestTokens.RSA.toRSAPublicKey())));
  }

  @Test
  void createJWSVerifierWhenKeyTypeDoesNotFitAlgorithmThenRefused() throws Exception {
    JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);

    assertThrows(
        JOSEException.class,
        () -> factory.createJWSVerifier(header, TestTokens.EC.toECPublicKey()));
  }

  private static Key publicKey(String algorithm) throws JOSEException {
    return algorithm.equals("RS256")
        ? TestTokens.RSA.toRSAPublicKey()
        : TestTokens.EC.toECPublicKey();
  }
}
