package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.EC;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static dev.tollgate.jwt.TestTokens.NOW;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

class JwtAccessTokenResolverTest {

  static JwtAccessTokenResolver.Builder localBuilder() {
    return JwtAccessTokenResolver.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .jwkSource(new ImmutableJWKSet<>(TestTokens.publicKeys(RSA, EC)))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static final JwtAccessTokenResolver RESOLVER = localBuilder().build();

  private static Resolution resolve(String token) {
    return RESOLVER.resolve(Credential.of(token));
  }

  private static TollgatePrincipal principal(Resolution resolution) {
    return assertInstanceOf(Resolution.Resolved.class, resolution).principal();
  }

  @Test
  void resolveWhenRs256TokenValidThenPrincipalHasEveryField() {
    TollgatePrincipal principal =
        principal(
            resolve(TestTokens.rs256(claims -> claims.claim("plan", "pro").claim("gone", null))));

    assertEquals("user-42", principal.subject());
    assertEquals("user-42", principal.accountId());
    assertEquals("client-7", principal.clientId());
    assertEquals(Set.of("mcp", "read"), principal.scopes());
    assertEquals(NOW.minusSeconds(10), principal.issuedAt());
    assertEquals(NOW.plusSeconds(300), principal.expiresAt());
    assertEquals("jti-1", principal.tokenId());
    assertEquals(CredentialKind.ACCESS_TOKEN, principal.kind());
    assertEquals("pro", principal.attributes().get("plan"));
    assertEquals(ISSUER, principal.attributes().get("iss"));
    assertEquals(List.of(AUDIENCE), principal.attributes().get("aud"));
    assertTrue(!principal.attributes().containsKey("gone"), "null claims are dropped");
    assertTrue(!principal.attributes().containsKey("sub"), "mapped claims are not repeated");
  }

  @Test
  void resolveWhenAttributeClaimsNotSetThenOnlyDefaultClaimsKept() {
    TollgatePrincipal principal =
        principal(
            resolve(
                TestTokens.rs256(
                    claims ->
                        claims
                            .claim("plan", "pro")
                            .claim("credits", 12)
                            .claim("email", "alice@example.com")
                            .claim("name", "Alice")
                            .claim("profile", "x".repeat(500)))));

    assertEquals(Set.of("iss", "aud", "plan", "credits"), principal.attributes().keySet());
    assertEquals(JwtAccessTokenResolver.DEFAULT_ATTRIBUTE_CLAIMS, principal.attributes().keySet());
  }

  @Test
  void resolveWhenEs256TokenValidThenResolved() {
    TollgatePrincipal principal =
        principal(resolve(TestTokens.es256(TestTokens.claims(NOW).build())));

    assertEquals("user-42", principal.subject());
    assertEquals(Set.of("mcp", "read"), principal.scopes());
  }

  static Stream<Arguments> scopeForms() {
    return Stream.of(
        Arguments.of("scope string", Map.of("scope", "a b  c"), Set.of("a", "b", "c")),
        Arguments.of("scp array", Map.of("scp", List.of("a", "b")), Set.of("a", "b")),
        Arguments.of("scp string", Map.of("scp", "a b"), Set.of("a", "b")),
        Arguments.of(
            "scope and scp united", Map.of("scope", "a", "scp", List.of("b")), Set.of("a", "b")),
        Arguments.of("scope array", Map.of("scope", List.of("a", "b")), Set.of("a", "b")),
        Arguments.of("neither", Map.of(), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scopeForms")
  void resolveWhenScopeClaimHasFormThenScopesParsed(
      String name, Map<String, Object> scopeClaims, Set<String> expected) {
    JWTClaimsSet.Builder claims = TestTokens.claims(NOW).claim("scope", null);
    scopeClaims.forEach(claims::claim);

    assertEquals(expected, principal(resolve(TestTokens.rs256(claims.build()))).scopes());
  }

  @Test
  void resolveWhenNoClientIdThenAzpIsClientId() {
    String token =
        TestTokens.rs256(claims -> claims.claim("client_id", null).claim("azp", "spa-1"));

    assertEquals("spa-1", principal(resolve(token)).clientId());
  }

  @Test
  void resolveWhenAccountClaimConfiguredThenAccountIdFromIt() {
    JwtAccessTokenResolver resolver = localBuilder().accountIdClaim("account_id").build();
    String token = TestTokens.rs256(claims -> claims.claim("account_id", "acct-9"));

    TollgatePrincipal principal = principal(resolver.resolve(Credential.of(token)));

    assertEquals("acct-9", principal.accountId());
    assertEquals("user-42", principal.subject());
  }

  @Test
  void resolveWhenConfiguredAccountClaimMissingThenInvalid() {
    JwtAccessTokenResolver resolver = localBuilder().accountIdClaim("account_id").build();

    Resolution resolution = resolver.resolve(Credential.of(TestTokens.rs256(claims -> claims)));

    assertEquals(Resolution.invalid(RejectReason.MISSING_CLAIM.phrase()), resolution);
  }

  @Test
  void resolveWhenNestedClaimsThenAttributesArePlainImmutableValues() {
    String token =
        TestTokens.rs256(
            claims ->
                claims
                    .notBeforeTime(Date.from(NOW.minusSeconds(5)))
                    .claim("org", Map.of("id", "o-1", "tier", 3))
                    .claim("roles", List.of("admin", "dev")));

    JwtAccessTokenResolver keeping =
        localBuilder().attributeClaims(Set.of("org", "roles", "nbf")).build();
    Map<String, Object> attributes = principal(keeping.resolve(Credential.of(token))).attributes();

    assertEquals(Map.of("id", "o-1", "tier", 3L), attributes.get("org"));
    assertEquals(List.of("admin", "dev"), attributes.get("roles"));
    assertEquals(NOW.minusSeconds(5), attributes.get("nbf"));
  }

  static Stream<String> notJwts() throws JOSEException {
    JWEObject jwe =
        new JWEObject(
            new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .contentType("JWT")
                .build(),
            new Payload(TestTokens.payloadJson()));
    jwe.encrypt(new RSAEncrypter(RSA.toRSAPublicKey()));
    return Stream.of(
        "tg_live_0123456789abcdef", // an API key
        "2YotnFZFEjr1zCsicMWpAA", // an opaque token
        jwe.serialize(), // a JWE: five parts
        "a.b", // two parts
        "a.b.c.d"); // four parts
  }

  @ParameterizedTest
  @MethodSource("notJwts")
  void resolveWhenNotThreePartJwsThenNotMine(String value) {
    assertSame(Resolution.notMine(), resolve(value));
  }

  @Test
  void resolveWhenUnsignedTokenHasEmptySignatureThenNotMine() {
    // "alg":"none" tokens end in an empty signature, which is not the shape of a JWS we accept.
    String unsigned =
        TestTokens.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")
            + "."
            + TestTokens.b64(TestTokens.payloadJson())
            + ".";

    assertSame(Resolution.notMine(), resolve(unsigned));
  }

  static Stream<Arguments> acceptedEdgeCases() {
    return Stream.of(
        Arguments.of(
            "expired within skew",
            (Supplier<String>)
                () -> TestTokens.rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(59))))),
        Arguments.of(
            "nbf in future within skew",
            (Supplier<String>)
                () -> TestTokens.rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(59))))),
        Arguments.of(
            "iat in future within skew",
            (Supplier<String>)
                () -> TestTokens.rs256(c -> c.issueTime(Date.from(NOW.plusSeconds(59))))),
        Arguments.of(
            "aud array naming us",
            (Supplier<String>)
                () ->
                    TestTokens.rs256(
                        c -> c.audience(List.of("https://other.example.com", AUDIENCE)))),
        Arguments.of(
            "typ in upper case",
            (Supplier<String>)
                () -> TestTokens.rs256Header(h -> h.type(new JOSEObjectType("AT+JWT")))),
        Arguments.of(
            "typ application/at+jwt",
            (Supplier<String>)
                () ->
                    TestTokens.rs256Header(h -> h.type(new JOSEObjectType("application/at+jwt")))),
        Arguments.of("no kid", (Supplier<String>) () -> TestTokens.rs256Header(h -> h.keyID(null))),
        Arguments.of(
            "no iat, jti or client_id",
            (Supplier<String>)
                () ->
                    TestTokens.rs256(c -> c.issueTime(null).jwtID(null).claim("client_id", null))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedEdgeCases")
  void resolveWhenEdgeCaseWithinRulesThenResolved(String name, Supplier<String> token) {
    assertInstanceOf(Resolution.Resolved.class, resolve(token.get()));
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        // Time.
        rejected(
            "expired beyond skew",
            RejectReason.EXPIRED,
            () -> TestTokens.rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(61))))),
        rejected(
            "expired exactly at skew",
            RejectReason.EXPIRED,
            () -> TestTokens.rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(60))))),
        rejected(
            "nbf in future beyond skew",
            RejectReason.NOT_YET_VALID,
            () -> TestTokens.rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(61))))),
        rejected(
            "iat in future beyond skew",
            RejectReason.ISSUED_IN_FUTURE,
            () -> TestTokens.rs256(c -> c.issueTime(Date.from(NOW.plusSeconds(3600))))),
        // Required claims.
        rejected(
            "missing exp",
            RejectReason.MISSING_CLAIM,
            () -> TestTokens.rs256(c -> c.expirationTime(null))),
        rejected(
            "missing sub",
            RejectReason.MISSING_CLAIM,
            () -> TestTokens.rs256(c -> c.subject(null))),
        rejected(
            "blank sub", RejectReason.MISSING_CLAIM, () -> TestTokens.rs256(c -> c.subject(" "))),
        // Issuer and audience.
        rejected(
            "wrong issuer",
            RejectReason.UNTRUSTED_ISSUER,
            () -> TestTokens.rs256(c -> c.issuer("https://evil.example.com"))),
        rejected(
            "issuer with trailing slash",
            RejectReason.UNTRUSTED_ISSUER,
            () -> TestTokens.rs256(c -> c.issuer(ISSUER + "/"))),
        rejected(
            "issuer differing in case",
            RejectReason.UNTRUSTED_ISSUER,
            () -> TestTokens.rs256(c -> c.issuer("https://Auth.example.com"))),
        rejected(
            "missing issuer",
            RejectReason.UNTRUSTED_ISSUER,
            () -> TestTokens.rs256(c -> c.issuer(null))),
        rejected(
            "wrong audience",
            RejectReason.WRONG_AUDIENCE,
            () -> TestTokens.rs256(c -> c.audience("https://other.example.com/mcp"))),
        rejected(
            "aud array without us",
            RejectReason.WRONG_AUDIENCE,
            () ->
                TestTokens.rs256(
                    c -> c.audience(List.of("https://a.example.com", "https://b.example.com")))),
        rejected(
            "missing aud",
            RejectReason.WRONG_AUDIENCE,
            () -> TestTokens.rs256(c -> c.audience((String) null))),
        // Type.
        rejected(
            "typ missing",
            RejectReason.WRONG_TYPE,
            () -> TestTokens.rs256Header(h -> h.type(null))),
        rejected(
            "typ JWT",
            RejectReason.WRONG_TYPE,
            () -> TestTokens.rs256Header(h -> h.type(JOSEObjectType.JWT))),
        // Algorithms.
        rejected("alg none", RejectReason.ALGORITHM_NOT_ACCEPTED, () -> unsigned("none")),
        rejected(
            "alg None in mixed case", RejectReason.ALGORITHM_NOT_ACCEPTED, () -> unsigned("NoNe")),
        rejected(
            "HS256 keyed with the RSA public key",
            RejectReason.ALGORITHM_NOT_ACCEPTED,
            JwtAccessTokenResolverTest::algorithmConfusion),
        rejected(
            "RS384 not configured",
            RejectReason.ALGORITHM_NOT_ACCEPTED,
            () ->
                TestTokens.sign(
                    TestTokens.header(JWSAlgorithm.RS384, RSA.getKeyID()).build(),
                    TestTokens.claims(NOW).build(),
                    RSA)),
        // Key references in the header are never followed.
        rejected(
            "jku header",
            RejectReason.KEY_REFERENCE_REFUSED,
            () ->
                TestTokens.rs256Header(h -> h.jwkURL(URI.create("https://evil.example.com/jwks")))),
        rejected(
            "x5u header",
            RejectReason.KEY_REFERENCE_REFUSED,
            () ->
                TestTokens.rs256Header(
                    h -> h.x509CertURL(URI.create("https://evil.example.com/c.pem")))),
        rejected(
            "jwk header",
            RejectReason.KEY_REFERENCE_REFUSED,
            () -> TestTokens.rs256Header(h -> h.jwk(RSA.toPublicJWK()))),
        rejected(
            "x5c header",
            RejectReason.KEY_REFERENCE_REFUSED,
            () ->
                TestTokens.rs256Header(h -> h.x509CertChain(List.of(Base64.encode("not a cert"))))),
        rejected(
            "unknown crit",
            RejectReason.UNSUPPORTED_CRITICAL_HEADER,
            () ->
                TestTokens.rs256Header(
                    h -> h.criticalParams(Set.of("urn:x")).customParam("urn:x", 1))),
        // Signatures and keys.
        rejected(
            "payload swapped",
            RejectReason.SIGNATURE_INVALID,
            JwtAccessTokenResolverTest::payloadSwapped),
        rejected(
            "signed by another key under our kid",
            RejectReason.SIGNATURE_INVALID,
            () ->
                TestTokens.sign(
                    TestTokens.header(JWSAlgorithm.RS256, RSA.getKeyID()).build(),
                    TestTokens.claims(NOW).build(),
                    TestTokens.OTHER_RSA)),
        rejected(
            "unknown kid",
            RejectReason.UNKNOWN_KEY,
            () ->
                TestTokens.sign(
                    TestTokens.header(JWSAlgorithm.RS256, "kid-nobody-knows").build(),
                    TestTokens.claims(NOW).build(),
                    TestTokens.OTHER_RSA)),
        rejected(
            "ECDSA signature all zeros",
            RejectReason.SIGNATURE_INVALID,
            JwtAccessTokenResolverTest::zeroEcdsaSignature),
        // Encoding.
        rejected(
            "base64url padding", RejectReason.MALFORMED, () -> withPart(1, part -> part + "==")),
        rejected(
            "standard base64 alphabet",
            RejectReason.MALFORMED,
            () -> withPart(0, part -> part.replace('-', '+').replace('_', '/') + "+/")),
        rejected(
            "non-canonical last character",
            RejectReason.MALFORMED,
            JwtAccessTokenResolverTest::nonCanonicalBase64),
        rejected(
            "impossible base64 length",
            RejectReason.MALFORMED,
            () -> withPart(2, part -> part + "A".repeat((5 - part.length() % 4) % 4))),
        rejected(
            "invalid UTF-8 in payload",
            RejectReason.MALFORMED,
            () -> TestTokens.raw(header(), invalidUtf8Payload())),
        rejected(
            "overlong UTF-8 in header",
            RejectReason.MALFORMED,
            () ->
                TestTokens.raw(
                    concat(
                        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"x\":\""
                            .getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xC0, (byte) 0xAF},
                        "\"}".getBytes(StandardCharsets.UTF_8)),
                    TestTokens.payloadJson().getBytes(StandardCharsets.UTF_8))),
        rejected(
            "payload a JSON array",
            RejectReason.MALFORMED,
            () -> TestTokens.raw(headerJson(), "[\"sub\",\"user-42\"]")),
        rejected(
            "payload a JSON string",
            RejectReason.MALFORMED,
            () -> TestTokens.raw(headerJson(), "\"x\"")),
        rejected(
            "payload not JSON",
            RejectReason.MALFORMED,
            () -> TestTokens.raw(headerJson(), "sub=user-42")),
        rejected(
            "header not a JSON object",
            RejectReason.MALFORMED,
            () -> TestTokens.raw("[\"RS256\"]", TestTokens.payloadJson())),
        rejected(
            "duplicate alg in header",
            RejectReason.MALFORMED,
            () ->
                TestTokens.raw(
                    "{\"alg\":\"RS256\",\"alg\":\"none\",\"typ\":\"at+jwt\"}",
                    TestTokens.payloadJson())),
        // Claim types.
        rejected(
            "scope not a string",
            RejectReason.MALFORMED,
            () -> TestTokens.rs256(c -> c.claim("scope", 7))),
        rejected(
            "scp array with a number",
            RejectReason.MALFORMED,
            () -> TestTokens.rs256(c -> c.claim("scope", null).claim("scp", List.of("a", 1)))),
        rejected(
            "exp not a number",
            RejectReason.MALFORMED,
            () ->
                TestTokens.raw(
                    headerJson(),
                    "{\"iss\":\""
                        + ISSUER
                        + "\",\"aud\":\""
                        + AUDIENCE
                        + "\",\"sub\":\"u\",\"exp\":\"tomorrow\"}")));
  }

  private static Arguments rejected(String name, RejectReason reason, Supplier<String> token) {
    return Arguments.of(name, reason, token);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void resolveWhenTokenBreaksARuleThenInvalidWithFixedPhrase(
      String name, RejectReason reason, Supplier<String> token) {
    assertEquals(Resolution.invalid(reason.phrase()), resolve(token.get()));
  }

  private static String headerJson() {
    return "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + RSA.getKeyID() + "\"}";
  }

  private static byte[] header() {
    return headerJson().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] invalidUtf8Payload() {
    String json = TestTokens.payloadJson();
    byte[] start = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
    return concat(
        start,
        ",\"name\":\"".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xC3, (byte) 0x28},
        "\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... arrays) {
    int length = 0;
    for (byte[] array : arrays) {
      length += array.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] array : arrays) {
      System.arraycopy(array, 0, all, at, array.length);
      at += array.length;
    }
    return all;
  }

  private static String unsigned(String alg) {
    // A non-empty dummy signature so the value has the shape of a JWS and reaches the resolver.
    return TestTokens.b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}")
        + "."
        + TestTokens.b64(TestTokens.payloadJson())
        + ".AAAA";
  }

  private static String algorithmConfusion() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              TestTokens.header(JWSAlgorithm.HS256, RSA.getKeyID()).build(),
              TestTokens.claims(NOW).build());
      jwt.sign(new MACSigner(RSA.toRSAPublicKey().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String payloadSwapped() {
    String[] signed = TestTokens.rs256(c -> c).split("\\.");
    String[] other = TestTokens.rs256(c -> c.subject("admin")).split("\\.");
    return signed[0] + "." + other[1] + "." + signed[2];
  }

  private static String zeroEcdsaSignature() {
    String[] parts = TestTokens.es256(TestTokens.claims(NOW).build()).split("\\.");
    return parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64]);
  }

  private static String nonCanonicalBase64() {
    // Find a part whose last character carries unused bits, and set one of them.
    String[] parts = TestTokens.rs256(c -> c).split("\\.");
    for (int i = 0; i < 3; i++) {
      if (parts[i].length() % 4 == 2 || parts[i].length() % 4 == 3) {
        String part = parts[i];
        char last = part.charAt(part.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char tweaked = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        parts[i] = part.substring(0, part.length() - 1) + tweaked;
        return String.join(".", parts);
      }
    }
    throw new IllegalStateException("every part has a length divisible by four");
  }

  private static String withPart(int index, java.util.function.UnaryOperator<String> change) {
    String[] parts = TestTokens.rs256(c -> c).split("\\.");
    parts[index] = change.apply(parts[index]);
    return String.join(".", parts);
  }

  @Test
  void resolveWhenRejectedThenPhraseFitsChallengeAndHoldsNoTokenText() {
    String token = TestTokens.rs256(c -> c.issuer("https://evil.example.com"));

    Resolution.Invalid invalid = assertInstanceOf(Resolution.Invalid.class, resolve(token));

    assertTrue(dev.tollgate.bearer.BearerError.isErrorValue(invalid.reason()));
    assertTrue(!invalid.reason().contains("evil"));
    for (RejectReason reason : RejectReason.values()) {
      assertTrue(dev.tollgate.bearer.BearerError.isErrorValue(reason.phrase()), reason.name());
    }
  }

  @Test
  void resolveWhenPayloadDeclaredUnencodedThenMalformedThoughSignedOverTheTokenText() {
    // RFC 7797's b64=false changes what is signed; a verifier that signs over the token text
    // regardless would take this for a valid token.
    String token =
        TestTokens.raw(
            "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\""
                + RSA.getKeyID()
                + "\",\"b64\":false}",
            TestTokens.payloadJson());

    assertEquals(Resolution.invalid(RejectReason.MALFORMED.phrase()), resolve(token));
  }

  @Test
  void resolveWhenPayloadDeclaredEncodedThenResolvedAsWithout() {
    String token =
        TestTokens.raw(
            "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\""
                + RSA.getKeyID()
                + "\",\"b64\":true}",
            TestTokens.payloadJson());

    assertInstanceOf(Resolution.Resolved.class, resolve(token));
  }
}
