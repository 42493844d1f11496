package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.NOW;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.tollgate.Credential;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Access tokens shaped exactly as each authorization server's public documentation shows them
 * (header and claims; only the times are moved to the test clock and the signature is ours), each
 * accepted with the settings the README gives for that server and refused with the defaults.
 * Keycloak and Spring Authorization Server are also proven against the real servers elsewhere.
 */
class AuthorizationServerTokenShapesTest {
  private static final long IAT = NOW.getEpochSecond() - 10;
  private static final long EXP = NOW.getEpochSecond() + 300;

  /** One documented token: where it is documented, its header and payload, and the settings. */
  record Shape(
      String server,
      String source,
      String header,
      String payload,
      String issuer,
      UnaryOperator<JwtAccessTokenResolver.Builder> settings,
      String account,
      Set<String> scopes) {
    @Override
    public String toString() {
      return server;
    }
  }

  static Stream<Shape> documentedAccessTokens() {
    return Stream.of(
        new Shape(
            "Auth0 (default token profile, RBAC permissions)",
            "https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles",
            "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}",
            "{\"iss\":\"https://my-domain.auth0.com/\",\"sub\":\"auth0|123456\","
                + "\"aud\":[\"https://api.example.com/\",\"https://my-domain.auth0.com/userinfo\"],"
                + "\"azp\":\"my_client_id\",\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ","
                + "\"scope\":\"openid profile read:patients read:admin\","
                + "\"permissions\":[\"read:patients\",\"read:admin\"]}",
            "https://my-domain.auth0.com/",
            b ->
                b.audience("https://api.example.com/")
                    .tokenTypes(Set.of("at+jwt", "JWT"))
                    .scopeClaims(List.of("scope", "permissions")),
            "auth0|123456",
            Set.of("openid", "profile", "read:patients", "read:admin")),
        new Shape(
            "Auth0 (RFC 9068 token profile)",
            "https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles",
            "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}",
            "{\"iss\":\"https://my-domain.auth0.com/\",\"sub\":\"auth0|123456\","
                + "\"aud\":[\"https://api.example.com/\",\"https://my-domain.auth0.com/userinfo\"],"
                + "\"client_id\":\"my_client_id\",\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ","
                + "\"jti\":\"73WakrfVxxxxxxxxxxxxxx\",\"scope\":\"openid profile read:patients read:admin\"}",
            "https://my-domain.auth0.com/",
            b -> b.audience("https://api.example.com/").tokenTypes(Set.of("at+jwt", "JWT")),
            "auth0|123456",
            Set.of("openid", "profile", "read:patients", "read:admin")),
        new Shape(
            "Okta (custom authorization server)",
            "https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/ (Access token)",
            "{\"kid\":\"rsa-1\",\"alg\":\"RS256\"}",
            "{\"ver\":1,\"jti\":\"AT.0mP4JKAZX1iACIT4vbEDF7LpvDVjxypPMf0D7uX39RE\","
                + "\"iss\":\"https://example.okta.com/oauth2/aus8xyz123\",\"aud\":\"api://default\","
                + "\"sub\":\"00uid4BxXw6I6TV4m0g3\",\"iat\":"
                + IAT
                + ",\"exp\":"
                + EXP
                + ","
                + "\"cid\":\"xfnIflwIn2TkbpNBs6JQ\",\"uid\":\"00uid4BxXw6I6TV4m0g3\","
                + "\"scp\":[\"openid\",\"email\",\"flights\"],\"auth_time\":"
                + IAT
                + "}",
            "https://example.okta.com/oauth2/aus8xyz123",
            b -> b.audience("api://default").tokenTypes(Set.of("at+jwt", "untyped")),
            "00uid4BxXw6I6TV4m0g3",
            Set.of("openid", "email", "flights")),
        new Shape(
            "Microsoft Entra ID (v2.0 access token, delegated)",
            "https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference",
            "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
            "{\"aud\":\"6e74172b-be56-4843-9ff4-e66a39bb12e3\","
                + "\"iss\":\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0\","
                + "\"iat\":"
                + IAT
                + ",\"nbf\":"
                + IAT
                + ",\"exp\":"
                + EXP
                + ","
                + "\"aio\":\"AgQAI/8bAAAAFJ7I0S7b9IE6J5mXKdyXqO7sAAAAD5rTz1s=\","
                + "\"azp\":\"6e74172b-be56-4843-9ff4-e66a39bb12e3\",\"azpacr\":\"0\","
                + "\"name\":\"Abe Lincoln\",\"oid\":\"690222be-ff1a-4d56-abd1-7e4f7d38e474\","
                + "\"preferred_username\":\"abeli@microsoft.com\",\"rh\":\"I\","
                + "\"scp\":\"access_as_user\",\"sub\":\"HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ\","
                + "\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"uti\":\"fqiBqXLPj0eQa82S-IYFAA\","
                + "\"ver\":\"2.0\"}",
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            b ->
                b.audience("6e74172b-be56-4843-9ff4-e66a39bb12e3")
                    .tokenTypes(Set.of("at+jwt", "JWT"))
                    .accountIdClaim("oid")
                    .scopeClaims(List.of("scp", "roles")),
            "690222be-ff1a-4d56-abd1-7e4f7d38e474",
            Set.of("access_as_user")),
        new Shape(
            "Microsoft Entra ID (v2.0 access token, app roles)",
            "https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference",
            "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
            "{\"aud\":\"6e74172b-be56-4843-9ff4-e66a39bb12e3\","
                + "\"iss\":\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0\","
                + "\"iat\":"
                + IAT
                + ",\"nbf\":"
                + IAT
                + ",\"exp\":"
                + EXP
                + ","
                + "\"azp\":\"1f2e3d4c-0000-4000-8000-00000000abcd\",\"azpacr\":\"1\","
                + "\"oid\":\"a1b2c3d4-0000-4000-8000-000000000001\",\"rh\":\"I\","
                + "\"roles\":[\"Mcp.Read\",\"Mcp.Write\"],\"sub\":\"a1b2c3d4-0000-4000-8000-000000000001\","
                + "\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"uti\":\"fqiBqXLPj0eQa82S-IYFAA\","
                + "\"ver\":\"2.0\"}",
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            b ->
                b.audience("6e74172b-be56-4843-9ff4-e66a39bb12e3")
                    .tokenTypes(Set.of("at+jwt", "JWT"))
                    .accountIdClaim("oid")
                    .scopeClaims(List.of("scp", "roles")),
            "a1b2c3d4-0000-4000-8000-000000000001",
            Set.of("Mcp.Read", "Mcp.Write")),
        new Shape(
            "Amazon Cognito (access token, resource server scopes)",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html",
            "{\"kid\":\"rsa-1\",\"alg\":\"RS256\"}",
            "{\"sub\":\"aaaaaaaa-bbbb-cccc-dddd-example\",\"cognito:groups\":[\"admin\"],"
                + "\"iss\":\"https://cognito-idp.us-west-2.amazonaws.com/us-west-2_example\","
                + "\"version\":2,\"client_id\":\"1example23456789\","
                + "\"origin_jti\":\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\","
                + "\"event_id\":\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\",\"token_use\":\"access\","
                + "\"scope\":\"openid https://mcp.example.com/mcp/tools.read\",\"auth_time\":"
                + IAT
                + ","
                + "\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ",\"jti\":\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\","
                + "\"username\":\"my-test-user\"}",
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_example",
            b ->
                b.audience("https://mcp.example.com/mcp")
                    .tokenTypes(Set.of("at+jwt", "untyped"))
                    .audienceScopePrefix("https://mcp.example.com/mcp"),
            "aaaaaaaa-bbbb-cccc-dddd-example",
            Set.of("openid", "https://mcp.example.com/mcp/tools.read")),
        new Shape(
            "Keycloak 26 (default access token, audience mapper)",
            "https://www.keycloak.org/docs/latest/server_admin/#_audience",
            "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}",
            "{\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ",\"jti\":\"onrtac:5c1b8a0e\","
                + "\"iss\":\"http://localhost:8080/realms/mcp\","
                + "\"aud\":[\"https://mcp.example.com/mcp\",\"account\"],"
                + "\"sub\":\"0b2b7c4e-9d57-4a3c-9a5e-2f1c0f0e0c11\",\"typ\":\"Bearer\",\"azp\":\"mcp-client\","
                + "\"sid\":\"6f1d2b4a\",\"acr\":\"1\",\"scope\":\"openid profile email mcp\","
                + "\"email_verified\":false,\"preferred_username\":\"alice\"}",
            "http://localhost:8080/realms/mcp",
            b -> b.audience("https://mcp.example.com/mcp").tokenTypes(Set.of("at+jwt", "JWT")),
            "0b2b7c4e-9d57-4a3c-9a5e-2f1c0f0e0c11",
            Set.of("openid", "profile", "email", "mcp")),
        new Shape(
            "Spring Authorization Server (client_credentials)",
            "https://docs.spring.io/spring-authorization-server/reference/core-model-components.html",
            "{\"kid\":\"rsa-1\",\"alg\":\"RS256\"}",
            "{\"sub\":\"mcp-client\",\"aud\":\"mcp-client\",\"nbf\":"
                + IAT
                + ","
                + "\"scope\":[\"mcp\",\"tools.read\"],\"iss\":\"http://localhost:9000\","
                + "\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ",\"jti\":\"4f3c2b1a-0000-4000-8000-000000000000\"}",
            "http://localhost:9000",
            b -> b.audience("mcp-client").tokenTypes(Set.of("at+jwt", "untyped")),
            "mcp-client",
            Set.of("mcp", "tools.read")));
  }

  private static JwtAccessTokenResolver.Builder base(Shape shape) {
    return JwtAccessTokenResolver.builder()
        .issuer(shape.issuer(), new ImmutableJWKSet<>(TestTokens.publicKeys(RSA)))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedAccessTokens")
  void resolveWhenDocumentedTokenAndReadmeSettingsThenAccepted(Shape shape) {
    JwtAccessTokenResolver resolver = shape.settings().apply(base(shape)).build();

    Resolution resolution =
        resolver.resolve(Credential.of(TestTokens.raw(shape.header(), shape.payload())));

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolution).principal();
    assertEquals(shape.account(), principal.accountId());
    assertEquals(shape.scopes(), principal.scopes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedAccessTokens")
  void resolveWhenDocumentedTokenAndOnlyIssuerAndAudienceThenRefused(Shape shape) {
    // Only the issuer and the audience (the resource itself, the default) are configured.
    String expected =
        shape.header().contains("at+jwt")
            ? RejectReason.WRONG_AUDIENCE.phrase()
            : RejectReason.WRONG_TYPE.phrase();
    JwtAccessTokenResolver resolver =
        base(shape).audience("https://mcp.example.com/mcp/other").build();

    Resolution resolution =
        resolver.resolve(Credential.of(TestTokens.raw(shape.header(), shape.payload())));

    assertEquals(Resolution.invalid(expected), resolution);
  }

  /** ID tokens of the same servers, shaped per their documentation, with every widening set. */
  static Stream<Shape> documentedIdTokens() {
    return Stream.of(
        new Shape(
            "Keycloak ID token (typ claim ID)",
            "https://www.keycloak.org/docs/latest/server_admin/#_oidc",
            "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}",
            "{\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ",\"iss\":\"http://localhost:8080/realms/mcp\","
                + "\"aud\":\"mcp-client\",\"sub\":\"0b2b7c4e\",\"typ\":\"ID\",\"azp\":\"mcp-client\","
                + "\"sid\":\"6f1d2b4a\",\"at_hash\":\"x3Xn5aBw2lYyA0rCkBf1Ug\",\"acr\":\"1\"}",
            "http://localhost:8080/realms/mcp",
            b -> b.audience("mcp-client").tokenTypes(Set.of("at+jwt", "JWT", "untyped")),
            "",
            Set.of()),
        new Shape(
            "Entra ID token (nonce)",
            "https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference",
            "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
            "{\"aud\":\"6e74172b-be56-4843-9ff4-e66a39bb12e3\","
                + "\"iss\":\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0\","
                + "\"iat\":"
                + IAT
                + ",\"nbf\":"
                + IAT
                + ",\"exp\":"
                + EXP
                + ",\"name\":\"Abe Lincoln\","
                + "\"nonce\":\"123523\",\"oid\":\"00000000-0000-0000-66f3-3332eca7ea81\","
                + "\"sub\":\"AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ\","
                + "\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"ver\":\"2.0\"}",
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            b ->
                b.audience("6e74172b-be56-4843-9ff4-e66a39bb12e3")
                    .tokenTypes(Set.of("at+jwt", "JWT", "untyped")),
            "",
            Set.of()),
        new Shape(
            "Cognito ID token (token_use id)",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html",
            "{\"kid\":\"rsa-1\",\"alg\":\"RS256\"}",
            "{\"sub\":\"aaaaaaaa-bbbb-cccc-dddd-example\",\"aud\":\"1example23456789\","
                + "\"iss\":\"https://cognito-idp.us-west-2.amazonaws.com/us-west-2_example\","
                + "\"token_use\":\"id\",\"auth_time\":"
                + IAT
                + ",\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ","
                + "\"cognito:username\":\"my-test-user\",\"email\":\"my-test-user@example.com\"}",
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_example",
            b ->
                b.audience("1example23456789")
                    .tokenTypes(Set.of("at+jwt", "untyped"))
                    .audienceScopePrefix("https://mcp.example.com/mcp"),
            "",
            Set.of()),
        new Shape(
            "Auth0 ID token (nonce, at_hash)",
            "https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure",
            "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}",
            "{\"iss\":\"https://my-domain.auth0.com/\",\"sub\":\"auth0|123456\",\"aud\":\"my_client_id\","
                + "\"exp\":"
                + EXP
                + ",\"iat\":"
                + IAT
                + ",\"nonce\":\"n-0S6_WzA2Mj\","
                + "\"at_hash\":\"HK6E_P6Dh8Y93mRNtsDB1Q\",\"name\":\"Jane Doe\"}",
            "https://my-domain.auth0.com/",
            b -> b.audience("my_client_id").tokenTypes(Set.of("at+jwt", "JWT", "untyped")),
            "",
            Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedIdTokens")
  void resolveWhenIdTokenAndEveryTypeAcceptedThenRefusedAsIdToken(Shape shape) {
    JwtAccessTokenResolver resolver = shape.settings().apply(base(shape)).build();

    Resolution resolution =
        resolver.resolve(Credential.of(TestTokens.raw(shape.header(), shape.payload())));

    assertEquals(Resolution.invalid(RejectReason.ID_TOKEN.phrase()), resolution);
  }
}
