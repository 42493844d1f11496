package dev.tollgate.jwt;

import static dev.tollgate.jwt.JwtAccessTokenResolverTest.localBuilder;
import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link JwtAccessTokenResolver.Builder#introspectedIssuers}: the JWTs of listed issuers go to
 * introspection, unchecked here; the others are verified here as usual.
 */
class JwtAccessTokenResolverIntrospectionTest {
  private static final String INTROSPECTED = "https://sso.example.com/realms/main";
  private static final TollgatePrincipal INTROSPECTED_USER =
      TollgatePrincipal.builder("introspected-account").scopes(Set.of("mcp")).build();

  private final List<String> introspected = new ArrayList<>();
  private final CredentialResolver introspection =
      credential -> {
        introspected.add(credential.value());
        return Resolution.resolved(INTROSPECTED_USER);
      };

  /**
   * A token claiming {@code issuer}, typed {@code JWT} (refused here unless accepted) and signed by
   * RSA.
   */
  private static String token(String issuer) {
    return TestTokens.sign(
        TestTokens.header(JWSAlgorithm.RS256, TestTokens.RSA.getKeyID())
            .type(JOSEObjectType.JWT)
            .build(),
        TestTokens.claims(TestTokens.NOW).issuer(issuer).build(),
        TestTokens.RSA);
  }

  @Test
  void resolveWhenIssuerIntrospectedThenIntrospectionAnswersAndNothingCheckedHere() {
    JwtAccessTokenResolver resolver =
        localBuilder().introspectedIssuers(Set.of(INTROSPECTED), introspection).build();
    String token = token(INTROSPECTED);

    Resolution resolution = resolver.resolve(Credential.of(token));

    assertEquals(
        INTROSPECTED_USER, assertInstanceOf(Resolution.Resolved.class, resolution).principal());
    assertEquals(List.of(token), introspected);
  }

  @Test
  void resolveWhenIssuerNotIntrospectedThenVerifiedHere() {
    JwtAccessTokenResolver resolver =
        localBuilder().introspectedIssuers(Set.of(INTROSPECTED), introspection).build();

    Resolution local = resolver.resolve(Credential.of(TestTokens.rs256(claims -> claims)));
    Resolution wrongType = resolver.resolve(Credential.of(token(ISSUER)));

    assertInstanceOf(Resolution.Resolved.class, local);
    assertInstanceOf(Resolution.Invalid.class, wrongType);
    assertTrue(introspected.isEmpty());
  }

  @Test
  void resolveWhenNoTrustedIssuerAndIssuerNotIntrospectedThenNotMine() {
    JwtAccessTokenResolver resolver =
        JwtAccessTokenResolver.builder()
            .audience(AUDIENCE)
            .introspectedIssuers(Set.of(INTROSPECTED), introspection)
            .build();

    assertInstanceOf(Resolution.NotMine.class, resolver.resolve(Credential.of(token(ISSUER))));
    assertInstanceOf(
        Resolution.Resolved.class, resolver.resolve(Credential.of(token(INTROSPECTED))));
  }

  @Test
  void resolveWhenPayloadNotJsonThenMalformedHereAndNothingIntrospected() {
    JwtAccessTokenResolver resolver =
        localBuilder().introspectedIssuers(Set.of(INTROSPECTED), introspection).build();
    String token =
        TestTokens.raw(
            "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + TestTokens.RSA.getKeyID() + "\"}",
            "iss=" + INTROSPECTED);

    assertEquals(
        Resolution.invalid(RejectReason.MALFORMED.phrase()),
        resolver.resolve(Credential.of(token)));
    assertTrue(introspected.isEmpty());
  }

  @Test
  void resolveWhenIntrospectedIssuerTokenHasAHeaderRefusedHereThenStillIntrospected() {
    JwtAccessTokenResolver resolver =
        localBuilder().introspectedIssuers(Set.of(INTROSPECTED), introspection).build();
    // HS256 and a jku: refused if verified here, but introspection is the authority for it.
    String token =
        TestTokens.b64("{\"alg\":\"HS256\",\"jku\":\"https://evil.example.com/jwks\"}")
            + "."
            + TestTokens.b64("{\"iss\":\"" + INTROSPECTED + "\",\"sub\":\"u\"}")
            + ".AAAA";

    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token)));
    assertEquals(List.of(token), introspected);
  }

  @Test
  void introspectedIssuersWhenSetTwiceThenFailsNamingIt() {
    JwtAccessTokenResolver.Builder builder =
        localBuilder().introspectedIssuers(Set.of(INTROSPECTED), introspection);

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> builder.introspectedIssuers(Set.of("https://other.example.com"), introspection));

    assertTrue(e.getMessage().startsWith("introspectedIssuers was already set"), e.getMessage());
  }
}
