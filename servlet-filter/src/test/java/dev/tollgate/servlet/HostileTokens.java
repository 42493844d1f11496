package dev.tollgate.servlet;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;

/**
 * Access tokens good and hostile, built from raw header and payload JSON so that every header trick
 * of RFC 8725 §2 can be written exactly as an attacker would.
 */
final class HostileTokens {
  static final String ISSUER = "https://auth.example.com";

  final RSAKey rsa;
  final ECKey ec;

  /** An attacker's key pair that claims the issuer's key id. */
  final RSAKey attacker;

  private final String audience;

  HostileTokens(String audience) {
    this.audience = audience;
    try {
      this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
      this.attacker = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer's public keys, as its JWKS endpoint serves them. */
  String jwksJson() {
    return new JWKSet(List.<JWK>of(rsa, ec)).toPublicJWKSet().toString();
  }

  /** The claims of a valid access token for this resource, as JSON. */
  String claims(UnaryOperator<JWTClaimsSet.Builder> change) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(audience)
            .subject("user-42")
            .issueTime(Date.from(now.minusSeconds(10)))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .jwtID("jti-1")
            .claim("client_id", "client-7")
            .claim("scope", "mcp");
    return change.apply(claims).build().toString();
  }

  String claims() {
    return claims(c -> c);
  }

  static String rsHeader(String kid) {
    return "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}";
  }

  /** A JWS over exactly {@code headerJson} and {@code payloadJson}, signed with {@code key}. */
  String sign(String headerJson, String payloadJson, JWK key) {
    try {
      JWSHeader header = JWSHeader.parse(headerJson);
      JWSSigner signer =
          key instanceof RSAKey rsaKey ? new RSASSASigner(rsaKey) : new ECDSASigner((ECKey) key);
      String input = b64(headerJson) + "." + b64(payloadJson);
      return input + "." + signer.sign(header, input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  String valid() {
    return sign(rsHeader("rsa-1"), claims(), rsa);
  }

  String validEs256() {
    return sign("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"ec-1\"}", claims(), ec);
  }

  /** HS256 keyed with the issuer's RSA public key: the classic algorithm confusion. */
  String hs256WithRsaPublicKey() {
    try {
      String headerJson = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";
      String input = b64(headerJson) + "." + b64(claims());
      byte[] secret = rsa.toRSAPublicKey().getEncoded();
      return input
          + "."
          + new MACSigner(secret)
              .sign(JWSHeader.parse(headerJson), input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An ES256 token whose signature is all zero bytes (r = s = 0, CVE-2022-21449). */
  String zeroEcdsaSignature() {
    String input =
        b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"ec-1\"}") + "." + b64(claims());
    return input + "." + b64(new byte[64]);
  }

  /** A payload that inflates to a megabyte, behind a {@code zip} header. */
  String zipBomb() {
    byte[] inflated = new byte[1 << 20];
    java.util.Arrays.fill(inflated, (byte) '[');
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(inflated);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    String input =
        b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"zip\":\"DEF\"}")
            + "."
            + b64(out.toByteArray());
    return input + "." + b64(new byte[256]);
  }

  /** A payload of {@code depth} nested arrays under one claim, signed by the attacker. */
  String deeplyNested(int depth) {
    String nested = "[".repeat(depth) + "]".repeat(depth);
    String payload = claims().replaceFirst("\\{", "{\"deep\":" + nested + ",");
    return sign(rsHeader("rsa-1"), payload, attacker);
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
