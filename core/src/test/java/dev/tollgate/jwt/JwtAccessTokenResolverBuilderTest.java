package dev.tollgate.jwt;

import static dev.tollgate.jwt.JwtAccessTokenResolverTest.localBuilder;
import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static dev.tollgate.jwt.TestTokens.NOW;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.tollgate.Credential;
import dev.tollgate.Resolution;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link JwtAccessTokenResolver.Builder}: validation once, in build(), naming the setting. */
class JwtAccessTokenResolverBuilderTest {

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            "issuer",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () ->
                    JwtAccessTokenResolver.builder()
                        .audience(AUDIENCE)
                        .jwkSource(new ImmutableJWKSet<>(TestTokens.publicKeys(RSA)))),
        Arguments.of(
            "audience",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () ->
                    JwtAccessTokenResolver.builder()
                        .issuer(ISSUER)
                        .jwkSource(new ImmutableJWKSet<>(TestTokens.publicKeys(RSA)))),
        Arguments.of(
            "jwksUri (or jwkSource) names the keys of one issuer",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> remoteBuilder().issuer("https://other.example.com")),
        Arguments.of(
            "tokenTypes",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().tokenTypes(Set.of("at+jwt", "not a type"))),
        Arguments.of(
            "tokenTypes",
            (Supplier<JwtAccessTokenResolver.Builder>) () -> localBuilder().tokenTypes(Set.of())),
        Arguments.of(
            "scopeClaims",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().scopeClaims(List.of("scope", " "))),
        Arguments.of(
            "audienceScopePrefix",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().audienceScopePrefix("https://mcp.example.com/")),
        Arguments.of(
            "must be an http(s) URL",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () ->
                    JwtAccessTokenResolver.builder()
                        .issuer("urn:example:issuer")
                        .audience(AUDIENCE)),
        Arguments.of(
            "jwksUri and jwkSource",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().jwksUri(URI.create("https://auth.example.com/jwks"))),
        Arguments.of(
            "jwksUri",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () ->
                    JwtAccessTokenResolver.builder()
                        .issuer(ISSUER)
                        .audience(AUDIENCE)
                        .jwksUri(URI.create("file:///etc/jwks.json"))),
        Arguments.of(
            "jwksUri",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () ->
                    JwtAccessTokenResolver.builder()
                        .issuer(ISSUER)
                        .audience(AUDIENCE)
                        .jwksUri(URI.create("/jwks"))),
        Arguments.of(
            "algorithms",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256))),
        Arguments.of(
            "algorithms",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().algorithms(Set.of(new JWSAlgorithm("none")))),
        Arguments.of(
            "algorithms",
            (Supplier<JwtAccessTokenResolver.Builder>) () -> localBuilder().algorithms(Set.of())),
        Arguments.of(
            "clockSkew",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().clockSkew(Duration.ofSeconds(-1))),
        Arguments.of(
            "clockSkew",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> localBuilder().clockSkew(Duration.ofHours(1))),
        Arguments.of(
            "accountIdClaim",
            (Supplier<JwtAccessTokenResolver.Builder>) () -> localBuilder().accountIdClaim("")),
        Arguments.of(
            "jwksTimeout",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> remoteBuilder().jwksTimeout(Duration.ZERO)),
        Arguments.of(
            "jwksCacheTtl",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () -> remoteBuilder().jwksCacheTtl(Duration.ofSeconds(-5))),
        Arguments.of(
            "jwksRefetchInterval",
            (Supplier<JwtAccessTokenResolver.Builder>)
                () ->
                    remoteBuilder()
                        .jwksCacheTtl(Duration.ofSeconds(10))
                        .jwksRefetchInterval(Duration.ofSeconds(10))));
  }

  private static JwtAccessTokenResolver.Builder remoteBuilder() {
    return JwtAccessTokenResolver.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .jwksUri(URI.create("https://auth.example.com/jwks"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void buildWhenSettingInvalidThenFailsNamingIt(
      String setting, Supplier<JwtAccessTokenResolver.Builder> builder) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.get().build());

    assertTrue(e.getMessage().contains(setting), e.getMessage());
  }

  @Test
  void buildWhenAttributeClaimsHasBlankNameThenRefusedNamingTheSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> localBuilder().attributeClaims(Set.of("plan", " ")).build());
    assertTrue(e.getMessage().contains("attributeClaims"), e.getMessage());
  }

  @Test
  void attributeClaimsWhenCalledTwiceThenRefusedNamingTheFirstValue() {
    JwtAccessTokenResolver.Builder builder = localBuilder().attributeClaims(Set.of("plan"));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.attributeClaims(Set.of("tenant")));
    assertTrue(e.getMessage().contains("attributeClaims already set to [plan]"), e.getMessage());
  }

  @Test
  void resolveWhenAttributeClaimsEmptyThenPrincipalKeepsNoAttributes() {
    JwtAccessTokenResolver resolver = localBuilder().attributeClaims(Set.of()).build();

    Resolution resolution =
        resolver.resolve(Credential.of(TestTokens.rs256(c -> c.claim("plan", "pro"))));

    Resolution.Resolved resolved = assertInstanceOf(Resolution.Resolved.class, resolution);
    assertEquals(java.util.Map.of(), resolved.principal().attributes());
  }

  @Test
  void buildWhenPs256AndEs384ConfiguredThenTheyVerify() throws JOSEException {
    JwtAccessTokenResolver resolver =
        localBuilder().algorithms(Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES384)).build();
    var ec384 =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384)
            .keyID("ec-384")
            .generate();
    JwtAccessTokenResolver withEc384 =
        JwtAccessTokenResolver.builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
            .algorithms(Set.of(JWSAlgorithm.ES384))
            .jwkSource(new ImmutableJWKSet<>(TestTokens.publicKeys(ec384)))
            .build();

    String ps256 =
        TestTokens.sign(
            TestTokens.header(JWSAlgorithm.PS256, RSA.getKeyID()).build(),
            TestTokens.claims(NOW).build(),
            RSA);
    String es384 =
        TestTokens.sign(
            TestTokens.header(JWSAlgorithm.ES384, "ec-384").build(),
            TestTokens.claims(NOW).build(),
            ec384);

    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(ps256)));
    assertInstanceOf(Resolution.Resolved.class, withEc384.resolve(Credential.of(es384)));
    assertEquals(
        Resolution.invalid(RejectReason.ALGORITHM_NOT_ACCEPTED.phrase()),
        resolver.resolve(Credential.of(TestTokens.rs256(c -> c))));
  }

  @Test
  void buildWhenSingleValuedSettingGivenTwiceThenRefusedNamingIt() {
    IllegalStateException types =
        assertThrows(
            IllegalStateException.class,
            () -> localBuilder().tokenTypes(Set.of("JWT")).tokenTypes(Set.of("at+jwt")));
    IllegalStateException claims =
        assertThrows(
            IllegalStateException.class,
            () -> localBuilder().scopeClaims(List.of("scp")).scopeClaims(List.of("scope")));
    IllegalStateException prefix =
        assertThrows(
            IllegalStateException.class,
            () -> localBuilder().audienceScopePrefix("https://a").audienceScopePrefix("https://b"));
    IllegalStateException issuer =
        assertThrows(IllegalStateException.class, () -> localBuilder().issuer(ISSUER));

    assertTrue(types.getMessage().contains("tokenTypes already set to JWT"), types.getMessage());
    assertTrue(claims.getMessage().contains("scopeClaims already set"), claims.getMessage());
    assertTrue(
        prefix.getMessage().contains("audienceScopePrefix already set"), prefix.getMessage());
    assertTrue(issuer.getMessage().contains("already trusted"), issuer.getMessage());
  }

  @Test
  void jwksUriWhenSetTwiceThenFailsNamingIt() {
    JwtAccessTokenResolver.Builder builder =
        JwtAccessTokenResolver.builder().jwksUri(URI.create("https://auth.example.com/jwks"));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> builder.jwksUri(URI.create("https://other.example.com/jwks")));

    assertEquals("jwksUri was already set to https://auth.example.com/jwks", e.getMessage());
  }

  @Test
  void clockSkewWhenSetTwiceThenFailsNamingIt() {
    JwtAccessTokenResolver.Builder builder =
        JwtAccessTokenResolver.builder().clockSkew(Duration.ofSeconds(30));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.clockSkew(Duration.ofSeconds(90)));

    assertEquals("clockSkew was already set to PT30S", e.getMessage());
  }

  @Test
  void audienceWhenAddedTwiceWithDifferentValuesThenBothAccepted() {
    JwtAccessTokenResolver resolver = localBuilder().audience("https://other.example.com").build();

    assertInstanceOf(
        dev.tollgate.Resolution.Resolved.class,
        resolver.resolve(
            dev.tollgate.Credential.of(
                TestTokens.rs256(c -> c.audience("https://other.example.com")))));
  }
}
