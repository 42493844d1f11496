package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.EC;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static dev.tollgate.jwt.TestTokens.NOW;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The verification that replaced Nimbus' processor, on its own: the header policy of {@link
 * TokenPrecheck} is bypassed here, so each check of the verifier shows by itself.
 */
class TokenVerifierTest {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private static TokenVerifier verifier(JWKSource<SecurityContext> keys) {
    return new TokenVerifier(
        new CachingKeySelector(ALGORITHMS, keys),
        new CachingVerifierFactory(),
        new AccessTokenClaimsVerifier(
            ISSUER,
            Set.of(AUDIENCE),
            null,
            new ScopeClaims(ScopeClaims.DEFAULT),
            Duration.ofSeconds(60),
            Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static final TokenVerifier LOCAL =
      verifier(new ImmutableJWKSet<>(TestTokens.publicKeys(RSA, EC)));

  /** Why {@code verifier} refuses {@code token}, or null when it passes. */
  private static @Nullable RejectReason refusal(TokenVerifier verifier, String token)
      throws Exception {
    DecodedJws jws = Objects.requireNonNull(DecodedJws.decode(token));
    JWSHeader header = JWSHeader.parse(jws.header(), null);
    JWTClaimsSet claims = JWTClaimsSet.parse(Objects.requireNonNull(jws.payload()));
    try {
      verifier.verify(jws, header, claims);
      return null;
    } catch (TokenRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void verifyWhenSignedByAnIssuerKeyThenPasses() throws Exception {
    assertNull(refusal(LOCAL, TestTokens.rs256(c -> c)));
    assertNull(refusal(LOCAL, TestTokens.es256(TestTokens.claims(NOW).build())));
  }

  @Test
  void verifyWhenSignatureValidThenClaimsStillChecked() throws Exception {
    String expired = TestTokens.rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(3600))));

    assertEquals(RejectReason.EXPIRED, refusal(LOCAL, expired));
  }

  @Test
  void verifyWhenSignatureInvalidThenRefusedForItBeforeAnyClaimIsRead() throws Exception {
    // Wrong audience too, but unsigned claims are not to be judged: the signature speaks first.
    String forged =
        TestTokens.sign(
            TestTokens.header(JWSAlgorithm.RS256, RSA.getKeyID()).build(),
            TestTokens.claims(NOW).audience("https://other.example.com").build(),
            TestTokens.OTHER_RSA);

    assertEquals(RejectReason.SIGNATURE_INVALID, refusal(LOCAL, forged));
  }

  @Test
  void verifyWhenAlgorithmNotConfiguredThenNoKeyEvenWhenTheKeyWouldVerify() throws Exception {
    // RS384 over the issuer's own RSA key: a valid signature, in an algorithm not accepted.
    String rs384 =
        TestTokens.sign(
            TestTokens.header(JWSAlgorithm.RS384, RSA.getKeyID()).build(),
            TestTokens.claims(NOW).build(),
            RSA);

    assertEquals(RejectReason.UNKNOWN_KEY, refusal(LOCAL, rs384));
  }

  @Test
  void verifyWhenHs256KeyedWithTheRsaPublicKeyThenRefused() throws Exception {
    SignedJWT confused =
        new SignedJWT(
            TestTokens.header(JWSAlgorithm.HS256, RSA.getKeyID()).build(),
            TestTokens.claims(NOW).build());
    confused.sign(new MACSigner(RSA.toRSAPublicKey().getEncoded()));

    assertEquals(RejectReason.UNKNOWN_KEY, refusal(LOCAL, confused.serialize()));
  }

  @Test
  void verifyWhenKidUnknownThenKeySetFetchedOnceMoreAndNewKeyUsed() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    try (JwksServer server = JwksServer.start(TestTokens.publicKeys(RSA));
        RemoteJwkSource source =
            RemoteJwkSource.create(
                server.uri(),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                clock)) {
      TokenVerifier verifier = verifier(source);
      assertNull(refusal(verifier, TestTokens.rs256(c -> c)));
      RSAKey rotated = TestTokens.rsa("rsa-rotated");
      server.publish(TestTokens.publicKeys(RSA, rotated));

      String signedByRotated =
          TestTokens.sign(
              TestTokens.header(JWSAlgorithm.RS256, rotated.getKeyID()).build(),
              TestTokens.claims(NOW).build(),
              rotated);

      assertNull(refusal(verifier, signedByRotated));
      assertEquals(2, server.hits(), "the first fetch and one refresh for the unknown kid");
    }
  }

  @Test
  void verifyWhenKeySourceFailsThenKeySourceExceptionNotARefusal() {
    TokenVerifier verifier =
        verifier(
            (selector, context) -> {
              throw new KeySourceException("JWKS endpoint down");
            });

    assertThrows(KeySourceException.class, () -> refusal(verifier, TestTokens.rs256(c -> c)));
  }

  @Test
  void verifyWhenSignatureUnreadableThenSignatureInvalid() throws Exception {
    String[] parts = TestTokens.es256(TestTokens.claims(NOW).build()).split("\\.");
    // A signature of the wrong length for ES256: the verifier cannot even read it.
    String truncated = parts[0] + "." + parts[1] + "." + TestTokens.b64(new byte[7]);

    assertEquals(RejectReason.SIGNATURE_INVALID, refusal(LOCAL, truncated));
  }
}
