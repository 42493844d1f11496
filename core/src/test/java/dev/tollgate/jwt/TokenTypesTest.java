package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import dev.tollgate.Credential;
import dev.tollgate.Resolution;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenTypesTest {

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "at+jwt|at+jwt|true",
        "at+jwt|application/at+jwt|true",
        "at+jwt|AT+JWT|true",
        "at+jwt|JWT|false",
        "at+jwt||false",
        "JWT|jwt|true",
        "JWT|application/jwt|true",
        "application/JWT|JWT|true",
        "JWT||false",
        "untyped||true",
        "untyped|JWT|false",
        "at+jwt untyped|at+jwt|true",
        "at+jwt untyped|logout+jwt|false",
      })
  void acceptsWhenConfiguredThenCaseAndApplicationPrefixIgnored(
      String configured, String typ, boolean accepted) {
    TokenTypes types = TokenTypes.of(List.of(configured.split(" ")));

    assertEquals(accepted, types.accepts(typ));
  }

  @Test
  void acceptsWhenTypIsNotAStringThenRefused() {
    assertEquals(false, TokenTypes.of(List.of("JWT", "untyped")).accepts(List.of("JWT")));
  }

  @Test
  void resolveWhenTypJwtAcceptedThenTokenResolvedAndAtJwtNoLonger() {
    JwtAccessTokenResolver resolver =
        JwtAccessTokenResolverTest.localBuilder().tokenTypes(Set.of("JWT")).build();

    assertInstanceOf(
        Resolution.Resolved.class,
        resolver.resolve(Credential.of(TestTokens.rs256Header(h -> h.type(JOSEObjectType.JWT)))));
    assertEquals(
        Resolution.invalid(RejectReason.WRONG_TYPE.phrase()),
        resolver.resolve(Credential.of(TestTokens.rs256(c -> c))));
  }

  @Test
  void resolveWhenIdTokenMarkerAndDefaultTypesThenRefusedAsIdToken() {
    JwtAccessTokenResolver resolver = JwtAccessTokenResolverTest.localBuilder().build();

    for (String marker : List.of("nonce", "at_hash", "c_hash")) {
      assertEquals(
          Resolution.invalid(RejectReason.ID_TOKEN.phrase()),
          resolver.resolve(Credential.of(TestTokens.rs256(c -> c.claim(marker, "x")))),
          marker);
    }
    assertEquals(
        Resolution.invalid(RejectReason.ID_TOKEN.phrase()),
        resolver.resolve(Credential.of(TestTokens.rs256(c -> c.claim("typ", "ID")))));
    assertInstanceOf(
        Resolution.Resolved.class,
        resolver.resolve(Credential.of(TestTokens.rs256(c -> c.claim("typ", "Bearer")))));
  }

  @Test
  void resolveWhenSeveralAudiencesAcceptedThenAnyOneInAudIsEnough() {
    JwtAccessTokenResolver resolver =
        JwtAccessTokenResolverTest.localBuilder().audience("api://mcp").build();

    assertInstanceOf(
        Resolution.Resolved.class,
        resolver.resolve(
            Credential.of(TestTokens.rs256(c -> c.audience(List.of("other", "api://mcp"))))));
    assertInstanceOf(
        Resolution.Resolved.class, resolver.resolve(Credential.of(TestTokens.rs256(c -> c))));
    assertEquals(
        Resolution.invalid(RejectReason.WRONG_AUDIENCE.phrase()),
        resolver.resolve(Credential.of(TestTokens.rs256(c -> c.audience("other")))));
  }

  @Test
  void resolveWhenNoAudAndNoScopePrefixSetThenWrongAudience() {
    JwtAccessTokenResolver resolver = JwtAccessTokenResolverTest.localBuilder().build();

    assertEquals(
        Resolution.invalid(RejectReason.WRONG_AUDIENCE.phrase()),
        resolver.resolve(
            Credential.of(
                TestTokens.rs256(
                    c ->
                        c.audience((String) null)
                            .claim("token_use", "access")
                            .claim("scope", TestTokens.AUDIENCE + "/read")))));
  }

  @Test
  void resolveWhenNoAudAndScopePrefixSetThenOnlyAccessTokensWithAPrefixedScopePass() {
    JwtAccessTokenResolver resolver =
        JwtAccessTokenResolverTest.localBuilder()
            .audienceScopePrefix("https://rs.example.com")
            .build();

    assertInstanceOf(
        Resolution.Resolved.class,
        resolver.resolve(
            Credential.of(
                TestTokens.rs256(
                    c ->
                        c.audience((String) null)
                            .claim("token_use", "access")
                            .claim("scope", "https://rs.example.com/read")))));
    // Another resource server of the same pool, a bare prefix, or no token_use: refused.
    for (String scope :
        List.of("https://rs.example.com.evil/read", "https://rs.example.com/", "read")) {
      assertEquals(
          Resolution.invalid(RejectReason.WRONG_AUDIENCE.phrase()),
          resolver.resolve(
              Credential.of(
                  TestTokens.rs256(
                      c ->
                          c.audience((String) null)
                              .claim("token_use", "access")
                              .claim("scope", scope)))),
          scope);
    }
    assertEquals(
        Resolution.invalid(RejectReason.WRONG_AUDIENCE.phrase()),
        resolver.resolve(
            Credential.of(
                TestTokens.rs256(
                    c ->
                        c.audience((String) null).claim("scope", "https://rs.example.com/read")))));
    // With an aud, the prefix does not replace the audience check.
    assertEquals(
        Resolution.invalid(RejectReason.WRONG_AUDIENCE.phrase()),
        resolver.resolve(
            Credential.of(
                TestTokens.rs256(
                    c ->
                        c.audience("other")
                            .claim("token_use", "access")
                            .claim("scope", "https://rs.example.com/read")))));
  }

  @Test
  void resolveWhenScopeClaimsIncludePermissionsThenBothUnited() {
    JwtAccessTokenResolver resolver =
        JwtAccessTokenResolverTest.localBuilder()
            .scopeClaims(List.of("scope", "permissions"))
            .build();

    Resolution resolution =
        resolver.resolve(
            Credential.of(
                TestTokens.rs256(
                    c -> c.claim("scope", "mcp").claim("permissions", List.of("tools:call")))));

    assertEquals(
        Set.of("mcp", "tools:call"),
        assertInstanceOf(Resolution.Resolved.class, resolution).principal().scopes());
    assertEquals(
        Resolution.invalid(RejectReason.MALFORMED.phrase()),
        resolver.resolve(
            Credential.of(TestTokens.rs256(c -> c.claim("permissions", List.of("a", 7))))));
  }

  @Test
  void resolveWhenTypeRefusedRepeatedlyThenOneWarningNamingTypeAndSetting() {
    JwtAccessTokenResolver resolver = JwtAccessTokenResolverTest.localBuilder().build();
    String token = TestTokens.rs256Header(h -> h.type(JOSEObjectType.JWT));
    String untyped = TestTokens.rs256Header(h -> h.type(null));

    String log =
        captureStandardError(
            () -> {
              for (int i = 0; i < 3; i++) {
                resolver.resolve(Credential.of(token));
                resolver.resolve(Credential.of(untyped));
              }
            });

    assertEquals(1, count(log, "with typ JWT:"), log);
    assertEquals(1, count(log, "with typ untyped:"), log);
    assertTrue(log.contains("TOLLGATE_TOKEN_TYPES"), log);
    assertTrue(log.contains(TestTokens.ISSUER), log);
    assertTrue(
        !log.contains(token.substring(token.lastIndexOf('.') + 1)), "no token text in the log");
  }

  @Test
  void resolveWhenTypeRefusedForUntrustedIssuerThenNothingLogged() {
    JwtAccessTokenResolver resolver = JwtAccessTokenResolverTest.localBuilder().build();
    String token =
        TestTokens.sign(
            TestTokens.header(com.nimbusds.jose.JWSAlgorithm.RS256, "rsa-1")
                .type(JOSEObjectType.JWT)
                .build(),
            TestTokens.claims(NOW).issuer("https://elsewhere.example.com").build(),
            TestTokens.RSA);

    String log = captureStandardError(() -> resolver.resolve(Credential.of(token)));

    assertEquals(0, count(log, "Refused JWT access tokens"), log);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
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
