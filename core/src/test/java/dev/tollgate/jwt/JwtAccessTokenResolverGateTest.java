package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.EC;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static dev.tollgate.jwt.TestTokens.NOW;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The resolver inside a real {@link Tollgate}: what a client sees for each outcome. */
class JwtAccessTokenResolverGateTest {
  private static final String METADATA =
      "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"";

  private static Tollgate gate(JwtAccessTokenResolver resolver) {
    return Tollgate.builder()
        .resource(URI.create(AUDIENCE))
        .authorizationServer(URI.create(ISSUER))
        .resolver(resolver)
        .requiredScopes(Set.of("mcp"))
        .build();
  }

  private static final Tollgate GATE =
      gate(
          JwtAccessTokenResolver.builder()
              .issuer(ISSUER)
              .audience(AUDIENCE)
              .jwkSource(new ImmutableJWKSet<>(TestTokens.publicKeys(RSA, EC)))
              .clock(Clock.fixed(NOW, ZoneOffset.UTC))
              .build());

  private static Decision decide(Tollgate gate, String token) {
    return gate.decide(
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null));
  }

  @Test
  void decideWhenTokenValidThenAllowedAsItsSubject() {
    Decision decision = decide(GATE, TestTokens.rs256(claims -> claims));

    Decision.Allow allow = assertInstanceOf(Decision.Allow.class, decision);
    assertEquals("user-42", allow.principal().accountId());
  }

  @Test
  void decideWhenTokenLacksRequiredScopeThenInsufficientScope() {
    Decision decision = decide(GATE, TestTokens.rs256(claims -> claims.claim("scope", "read")));

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, decision);
    assertEquals(403, challenge.status());
    assertEquals("insufficient_scope", challenge.error());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal(
            "The access token has expired",
            () -> TestTokens.rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(3600))))),
        refusal(
            "The access token is not valid for this resource",
            () -> TestTokens.rs256(c -> c.audience("https://other.example.com/mcp"))),
        refusal(
            "The access token was issued by an untrusted issuer",
            () -> TestTokens.rs256(c -> c.issuer("https://evil.example.com"))),
        refusal(
            "The access token is not yet valid",
            () -> TestTokens.rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(3600))))),
        refusal(
            "The access token was issued in the future",
            () -> TestTokens.rs256(c -> c.issueTime(Date.from(NOW.plusSeconds(3600))))),
        refusal(
            "The access token lacks a required claim",
            () -> TestTokens.rs256(c -> c.subject(null))),
        refusal(
            "The access token type is not accepted",
            () -> TestTokens.rs256Header(h -> h.type(JOSEObjectType.JWT))),
        refusal(
            "The access token signature is invalid",
            () -> {
              String[] parts = TestTokens.rs256(c -> c).split("\\.");
              String[] other = TestTokens.rs256(c -> c.subject("admin")).split("\\.");
              return parts[0] + "." + other[1] + "." + parts[2];
            }),
        refusal(
            "The access token was signed with an unknown key",
            () ->
                TestTokens.sign(
                    TestTokens.header(JWSAlgorithm.RS256, "nobody").build(),
                    TestTokens.claims(NOW).build(),
                    TestTokens.OTHER_RSA)),
        refusal(
            "The access token algorithm is not accepted",
            () ->
                TestTokens.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")
                    + "."
                    + TestTokens.b64(TestTokens.payloadJson())
                    + ".AAAA"),
        refusal(
            "The access token header names a key source that is not trusted",
            () ->
                TestTokens.rs256Header(h -> h.jwkURL(URI.create("https://evil.example.com/jwks")))),
        refusal(
            "The access token has an unsupported critical header",
            () ->
                TestTokens.rs256Header(
                    h -> h.criticalParams(Set.of("urn:x")).customParam("urn:x", 1))),
        refusal(
            "The access token is malformed",
            () -> TestTokens.raw("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", "[1,2]")),
        refusal("The credential is not recognised", JwtAccessTokenResolverGateTest::jwe));
  }

  private static Arguments refusal(String description, Supplier<String> token) {
    return Arguments.of(description, token);
  }

  private static String jwe() {
    try {
      JWEObject jwe =
          new JWEObject(
              new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM).build(),
              new Payload(TestTokens.payloadJson()));
      jwe.encrypt(new RSAEncrypter(RSA.toRSAPublicKey()));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void decideWhenTokenRefusedThen401InvalidTokenWithFixedDescription(
      String description, Supplier<String> token) {
    Decision decision = decide(GATE, token.get());

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, decision);
    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
    assertEquals(
        "Bearer error=\"invalid_token\", error_description=\""
            + description
            + "\", scope=\"mcp\", "
            + METADATA,
        challenge.wwwAuthenticate());
    assertTrue(
        challenge.jsonBody().contains("\"error_description\":\"" + description + "\""),
        challenge.jsonBody());
  }

  @Test
  void decideWhenJwksEndpointDownThen503Unavailable() {
    try (JwksServer server = JwksServer.start(TestTokens.publicKeys(RSA))) {
      server.mode(JwksServer.Mode.DOWN);
      Tollgate gate =
          gate(
              JwtAccessTokenResolver.builder()
                  .issuer(ISSUER)
                  .audience(AUDIENCE)
                  .jwksUri(server.uri())
                  .jwksTimeout(Duration.ofMillis(300))
                  .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                  .build());

      Decision decision = decide(gate, TestTokens.rs256(claims -> claims));

      Decision.Unavailable unavailable = assertInstanceOf(Decision.Unavailable.class, decision);
      assertEquals("jwks", unavailable.dependency());
      assertEquals(5, unavailable.retryAfterSeconds());
      assertTrue(unavailable.jsonBody().contains("temporarily_unavailable"));
    }
  }
}
