package dev.tollgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.RequestView;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.StoredKeys;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corpus of good, bad and hostile credentials through real JWT and API key resolvers, with every
 * Tollgate logger at TRACE: no credential, nor the secret part of one, appears in any log line, and
 * each decision writes exactly one audit line.
 */
class CredentialLeakTest {
  private static final String ISSUER = "https://auth.example.com";
  private static final String RESOURCE = "https://mcp.example.com/mcp";

  private static RSAKey signingKey;
  private static RSAKey strangerKey;

  @BeforeAll
  static void keys() throws JOSEException {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  @Test
  void decideWhenCorpusOfCredentialsThenNoCredentialInAnyLogLineAndOneAuditLinePerDecision()
      throws Exception {
    ApiKeyStore store = ApiKeyStore.inMemory();
    String liveKey = StoredKeys.issue(store, "acct-live");
    String revokedKey = StoredKeys.issue(store, "acct-revoked");
    store.delete("acct-revoked");
    String renewedAway = StoredKeys.issue(store, "acct-renewed");
    StoredKeys.replace(store, "acct-renewed");

    List<String> corpus = new ArrayList<>();
    corpus.add(liveKey);
    corpus.add(revokedKey);
    corpus.add(renewedAway);
    corpus.add(liveKey.substring(0, liveKey.length() - 1) + (liveKey.endsWith("A") ? "B" : "A"));
    corpus.add(liveKey + "x");
    corpus.add(jwt(signingKey, c -> c));
    corpus.add(jwt(signingKey, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(3600)))));
    corpus.add(jwt(signingKey, c -> c.audience("https://other.example.com")));
    corpus.add(jwt(strangerKey, c -> c));
    corpus.add(unsigned());
    corpus.add("c2VjcmV0LW9wYXF1ZS10b2tlbi12YWx1ZS0xMjM0NTY3ODkw");
    corpus.add("a".repeat(4000));

    Tollgate gate = gate(store, new ImmutableJWKSet<>(new JWKSet(signingKey.toPublicJWK())));
    Tollgate jwksDown =
        gate(
            store,
            (selector, context) -> {
              throw new KeySourceException("JWKS endpoint unreachable");
            });

    String output =
        captureStandardError(
            () -> {
              for (String token : corpus) {
                gate.decide(request("Bearer " + token));
                jwksDown.decide(request("Bearer " + token));
                gate.decide(request("Bearer  " + token + " trailing-garbage"));
              }
            });

    for (String token : corpus) {
      for (String secret : secretParts(token)) {
        assertFalse(
            output.contains(secret),
            () -> "a credential reached the log: " + secret.substring(0, 8) + "...");
      }
    }
    long auditLines =
        output.lines().filter(line -> line.contains(" " + AuditLog.LOGGER_NAME + " ")).count();
    assertEquals(corpus.size() * 3L, auditLines, output);
    assertTrue(output.contains("outcome=allow"), output);
    assertTrue(output.contains("reason=invalid_token"), output);
    assertTrue(output.contains("reason=jwks"), output);
  }

  private static Tollgate gate(
      ApiKeyStore store,
      com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> keys) {
    return Tollgate.builder()
        .resource(URI.create(RESOURCE))
        .requiredScopes(Set.of("mcp"))
        .resolver(
            JwtAccessTokenResolver.builder()
                .issuer(ISSUER)
                .audience(RESOURCE)
                .jwkSource(keys)
                .build())
        .resolver(ApiKeyResolver.builder(store).scopes(Set.of("mcp")).build())
        .build();
  }

  /** The whole token, and for a JWT its payload and signature (the header alone is no secret). */
  private static List<String> secretParts(String token) {
    List<String> parts = new ArrayList<>(List.of(token));
    String[] segments = token.split("\\.");
    if (segments.length == 3) {
      parts.add(segments[1]);
      if (segments[2].length() >= 16) {
        parts.add(segments[2]);
      }
    }
    return parts;
  }

  private static String jwt(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> claims)
      throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(RESOURCE)
            .subject("user-42")
            .issueTime(Date.from(now.minusSeconds(10)))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .claim("client_id", "client-7")
            .claim("scope", "mcp");
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID())
                .build(),
            claims.apply(builder).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String unsigned() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString(
            "{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"iss\":\""
                    + ISSUER
                    + "\",\"aud\":\""
                    + RESOURCE
                    + "\",\"sub\":\"user-42\",\"exp\":4102444800}")
                .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".";
  }

  private static RequestView request(String authorization) {
    return RequestView.of("POST", "/mcp", Map.of("Authorization", List.of(authorization)), null);
  }

  /** slf4j-simple looks up System.err at each write, so swapping it captures every logger. */
  private static String captureStandardError(Runnable action) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.err.flush();
      System.setErr(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
