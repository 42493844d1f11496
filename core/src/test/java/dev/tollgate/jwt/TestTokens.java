package dev.tollgate.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Real keys and tokens signed per test case. Keys are generated once per JVM: RSA is slow. */
final class TestTokens {
  static final String ISSUER = "https://auth.example.com";
  static final String AUDIENCE = "https://mcp.example.com/mcp";
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  static final RSAKey RSA = rsa("rsa-1");
  static final ECKey EC = ec("ec-1");

  /** A key the resolver does not know. */
  static final RSAKey OTHER_RSA = rsa("rsa-1");

  private TestTokens() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWKSet publicKeys(JWK... keys) {
    return new JWKSet(List.of(keys)).toPublicJWKSet();
  }

  /** Claims of a valid access token at {@code now}. */
  static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("user-42")
        .issueTime(Date.from(now.minusSeconds(10)))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID("jti-1")
        .claim("client_id", "client-7")
        .claim("scope", "mcp read");
  }

  static JWSHeader.Builder header(JWSAlgorithm algorithm, String kid) {
    return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(kid);
  }

  static String rs256(JWTClaimsSet claims) {
    return sign(header(JWSAlgorithm.RS256, RSA.getKeyID()).build(), claims, RSA);
  }

  static String rs256(UnaryOperator<JWTClaimsSet.Builder> claims) {
    return rs256(claims.apply(claims(NOW)).build());
  }

  static String rs256Header(UnaryOperator<JWSHeader.Builder> header) {
    return sign(
        header.apply(header(JWSAlgorithm.RS256, RSA.getKeyID())).build(), claims(NOW).build(), RSA);
  }

  static String es256(JWTClaimsSet claims) {
    return sign(header(JWSAlgorithm.ES256, EC.getKeyID()).build(), claims, EC);
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWK key) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner signer(JWK key) throws JOSEException {
    return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
  }

  /** A token from raw header and payload bytes, validly RS256-signed over exactly those bytes. */
  static String raw(byte[] header, byte[] payload) {
    String input = b64(header) + "." + b64(payload);
    try {
      byte[] signature =
          new RSASSASigner(RSA)
              .sign(new JWSHeader(JWSAlgorithm.RS256), input.getBytes(StandardCharsets.US_ASCII))
              .decode();
      return input + "." + b64(signature);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String raw(String headerJson, String payloadJson) {
    return raw(
        headerJson.getBytes(StandardCharsets.UTF_8), payloadJson.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A valid payload JSON at {@link #NOW}. */
  static String payloadJson() {
    return claims(NOW).build().toString();
  }
}
