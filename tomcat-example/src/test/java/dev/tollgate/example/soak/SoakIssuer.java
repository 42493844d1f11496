package dev.tollgate.example.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The soak run's authorization server, without a server of its own: it signs RFC 9068 access tokens
 * with a real RSA key published through a {@link FlappingServer} JWK set, and mints opaque tokens
 * that its introspection answer (RFC 7662) recognises by an HMAC, so it keeps no table of issued
 * tokens however long the run.
 */
final class SoakIssuer {
  static final String CLIENT_ID = "soak-resource-server";
  static final String CLIENT_SECRET = "soak-introspection-secret";
  static final String TOKEN_CLIENT = "soak-client";

  /** Opaque token format: {@code otk-<account>-<audience flag>-<nonce>-<mac>}. */
  private static final String OPAQUE_PREFIX = "otk-";

  private static final String WRONG_AUDIENCE_FLAG = "w";
  private static final String RIGHT_AUDIENCE_FLAG = "a";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OTHER_AUDIENCE = "https://another-resource.example/mcp";

  private final RSAKey signingKey;

  /**
   * Carries the signing key's {@code kid}, so tokens it signs fail on the signature, not the key.
   */
  private final RSAKey impostorKey;

  private final byte[] macKey = new byte[32];
  private final SecureRandom random = new SecureRandom();
  private final String issuer;
  private volatile String audience = "";

  SoakIssuer(String issuer) {
    this.issuer = issuer;
    try {
      signingKey = new RSAKeyGenerator(2048).keyID("soak-signing-key").generate();
      impostorKey = new RSAKeyGenerator(2048).keyID("soak-signing-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate RSA keys", e);
    }
    random.nextBytes(macKey);
  }

  String issuer() {
    return issuer;
  }

  /** The resource tokens are meant for; known once the example server has its port. */
  void audience(String audience) {
    this.audience = audience;
  }

  /**
   * An access token for {@code account}, valid for {@code lifetime} (negative: already expired).
   */
  String jwt(String account, boolean rightAudience, boolean genuine, Duration lifetime) {
    Instant now = Instant.now();
    Instant issued = lifetime.isNegative() ? now.plus(lifetime).minusSeconds(60) : now;
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(account)
            .audience(rightAudience ? audience : OTHER_AUDIENCE)
            .claim("client_id", TOKEN_CLIENT)
            .claim("scope", "mcp")
            .issueTime(Date.from(issued))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(signingKey.getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(genuine ? signingKey : impostorKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign", e);
    }
    return jwt.serialize();
  }

  /**
   * An opaque token for {@code account}; introspection calls it active unless {@code genuine} is
   * false.
   */
  String opaque(String account, boolean rightAudience, boolean genuine) {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    String body =
        OPAQUE_PREFIX
            + account
            + "-"
            + (rightAudience ? RIGHT_AUDIENCE_FLAG : WRONG_AUDIENCE_FLAG)
            + "-"
            + HexFormat.of().formatHex(nonce);
    String mac = mac(body);
    if (!genuine) {
      mac = mac.substring(1) + (mac.charAt(0) == '0' ? '1' : '0');
    }
    return body + "-" + mac;
  }

  /** The JWK set document: the public signing key only. */
  FlappingServer.Answer jwks(HttpExchange exchange, byte[] body) {
    return new FlappingServer.Answer(
        200, new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 7662 §2.2: active with the token's account for a genuine token, else inactive. */
  FlappingServer.Answer introspect(HttpExchange exchange, byte[] body) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return new FlappingServer.Answer(
          401, "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8));
    }
    String token = formValue(new String(body, StandardCharsets.UTF_8), "token");
    Map<String, Object> answer = new LinkedHashMap<>();
    String[] parts = token == null ? new String[0] : token.split("-");
    // otk, demo, <account name>, flag, nonce, mac: account ids are "demo-<name>".
    if (token != null && parts.length == 6 && token.startsWith(OPAQUE_PREFIX) && genuine(token)) {
      answer.put("active", true);
      answer.put("sub", parts[1] + "-" + parts[2]);
      answer.put("client_id", TOKEN_CLIENT);
      answer.put("scope", "mcp");
      answer.put("aud", WRONG_AUDIENCE_FLAG.equals(parts[3]) ? OTHER_AUDIENCE : audience);
      answer.put("iss", issuer);
      answer.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
    } else {
      answer.put("active", false);
    }
    return new FlappingServer.Answer(200, JSON.writeValueAsBytes(answer));
  }

  private boolean genuine(String token) {
    int cut = token.lastIndexOf('-');
    byte[] expected = mac(token.substring(0, cut)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(
        expected, token.substring(cut + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  private static @Nullable String formValue(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  static List<String> entitledAccounts() {
    return List.of("demo-pro", "demo-enterprise", "demo-credits");
  }
}
