package dev.tollgate.jwt;

import static dev.tollgate.jwt.TestTokens.AUDIENCE;
import static dev.tollgate.jwt.TestTokens.EC;
import static dev.tollgate.jwt.TestTokens.NOW;
import static dev.tollgate.jwt.TestTokens.RSA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Credential;
import dev.tollgate.Resolution;
import dev.tollgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issuers configured without a JWKS URL: discovery over real loopback HTTP. */
class DiscoveredJwkSourceTest {
  private final MetadataServer server = new MetadataServer();
  private final MutableClock clock = new MutableClock(NOW);

  @AfterEach
  void stop() {
    server.close();
  }

  private String issuer(String path) {
    return server.origin() + path;
  }

  private void publishKeys(String path, com.nimbusds.jose.jwk.JWK key) {
    server.serve(path, TestTokens.publicKeys(key).toString());
  }

  private static String metadata(String issuer, String jwksUri) {
    return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"}";
  }

  private JwtAccessTokenResolver resolver(String... issuers) {
    JwtAccessTokenResolver.Builder builder =
        JwtAccessTokenResolver.builder().audience(AUDIENCE).clock(clock);
    for (String issuer : issuers) {
      builder.issuer(issuer);
    }
    return builder.build();
  }

  private String token(String issuer, com.nimbusds.jose.jwk.JWK key) {
    JWSAlgorithm algorithm = key == RSA ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    return TestTokens.sign(
        TestTokens.header(algorithm, key.getKeyID()).build(),
        TestTokens.claims(clock.instant()).issuer(issuer).build(),
        key);
  }

  @Test
  void resolveWhenRfc8414MetadataUnderInsertedPathThenItsKeysVerify() {
    String issuer = issuer("/realms/a");
    server.serve(
        "/.well-known/oauth-authorization-server/realms/a",
        metadata(issuer, server.origin() + "/keys/a"));
    publishKeys("/keys/a", RSA);

    Resolution resolution = resolver(issuer).resolve(Credential.of(token(issuer, RSA)));

    assertInstanceOf(Resolution.Resolved.class, resolution);
    assertEquals(0, server.hits("/realms/a/.well-known/openid-configuration"));
  }

  @Test
  void resolveWhenOnlyOpenIdConfigurationThenItsKeysVerify() {
    String issuer = issuer("/realms/b");
    server.serve(
        "/realms/b/.well-known/openid-configuration",
        metadata(issuer, server.origin() + "/keys/b"));
    publishKeys("/keys/b", RSA);

    Resolution resolution = resolver(issuer).resolve(Credential.of(token(issuer, RSA)));

    assertInstanceOf(Resolution.Resolved.class, resolution);
  }

  @Test
  void resolveWhenMetadataNamesAnotherIssuerThenUnavailableNotTrusted() {
    String issuer = issuer("/realms/c");
    // A trailing slash is another issuer (RFC 8414 §3.3): the document must not be used.
    server.serve(
        "/.well-known/oauth-authorization-server/realms/c",
        metadata(issuer + "/", server.origin() + "/keys/c"));
    server.serve(
        "/realms/c/.well-known/openid-configuration",
        metadata(issuer + "/", server.origin() + "/keys/c"));
    publishKeys("/keys/c", RSA);

    Resolution resolution = resolver(issuer).resolve(Credential.of(token(issuer, RSA)));

    assertEquals(Resolution.unavailable(JwtAccessTokenResolver.JWKS_DEPENDENCY), resolution);
    assertEquals(0, server.hits("/keys/c"));
  }

  @Test
  void resolveWhenMetadataMissingThenUnavailableAndRetriedAfterInterval() {
    String issuer = issuer("/realms/d");
    JwtAccessTokenResolver resolver = resolver(issuer);
    String token = token(issuer, RSA);

    assertEquals(
        Resolution.unavailable(JwtAccessTokenResolver.JWKS_DEPENDENCY),
        resolver.resolve(Credential.of(token)));
    server.serve(
        "/realms/d/.well-known/openid-configuration",
        metadata(issuer, server.origin() + "/keys/d"));
    publishKeys("/keys/d", RSA);
    // Within the retry interval the failure stands, without asking the server again.
    assertEquals(
        Resolution.unavailable(JwtAccessTokenResolver.JWKS_DEPENDENCY),
        resolver.resolve(Credential.of(token)));
    assertEquals(1, server.hits("/realms/d/.well-known/openid-configuration"));

    clock.advance(RemoteJwkSource.FETCH_RETRY_INTERVAL);

    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token)));
  }

  @Test
  void resolveWhenDiscoveredOnceThenMetadataNotReadPerToken() {
    String issuer = issuer("/realms/e");
    server.serve(
        "/realms/e/.well-known/openid-configuration",
        metadata(issuer, server.origin() + "/keys/e"));
    publishKeys("/keys/e", RSA);
    JwtAccessTokenResolver resolver = resolver(issuer);

    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          Resolution.Resolved.class, resolver.resolve(Credential.of(token(issuer, RSA))));
    }

    assertEquals(1, server.hits("/realms/e/.well-known/openid-configuration"));
  }

  @Test
  void resolveWhenMetadataGoesAwayAfterDiscoveryThenKnownKeysStillVerify() {
    String issuer = issuer("/realms/f");
    server.serve(
        "/realms/f/.well-known/openid-configuration",
        metadata(issuer, server.origin() + "/keys/f"));
    publishKeys("/keys/f", RSA);
    JwtAccessTokenResolver resolver = resolver(issuer);
    assertInstanceOf(
        Resolution.Resolved.class, resolver.resolve(Credential.of(token(issuer, RSA))));

    server.remove("/realms/f/.well-known/openid-configuration");
    clock.advance(Duration.ofMinutes(6));

    assertInstanceOf(
        Resolution.Resolved.class, resolver.resolve(Credential.of(token(issuer, RSA))));
  }

  @Test
  void resolveWhenTwoIssuersThenEachTokenVerifiedWithItsIssuersKeys() {
    String first = issuer("/tenant/one");
    String second = issuer("/tenant/two");
    server.serve(
        "/tenant/one/.well-known/openid-configuration",
        metadata(first, server.origin() + "/keys/one"));
    server.serve(
        "/tenant/two/.well-known/openid-configuration",
        metadata(second, server.origin() + "/keys/two"));
    publishKeys("/keys/one", RSA);
    publishKeys("/keys/two", EC);
    JwtAccessTokenResolver resolver = resolver(first, second);

    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token(first, RSA))));
    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(token(second, EC))));
    // Signed with the other issuer's key: that issuer's keys do not verify it.
    assertEquals(
        Resolution.invalid(RejectReason.UNKNOWN_KEY.phrase()),
        resolver.resolve(Credential.of(token(first, EC))));
    assertEquals(
        Resolution.invalid(RejectReason.UNTRUSTED_ISSUER.phrase()),
        resolver.resolve(Credential.of(token(issuer("/tenant/three"), RSA))));
  }

  @Test
  void metadataUrisWhenIssuerHasPathThenRfc8414InsertsAndOidcAppends() {
    assertEquals(
        List.of(
            java.net.URI.create(
                "https://as.example.com/.well-known/oauth-authorization-server/tenant/1"),
            java.net.URI.create(
                "https://as.example.com/tenant/1/.well-known/openid-configuration")),
        IssuerDiscovery.metadataUris("https://as.example.com/tenant/1"));
    assertEquals(
        List.of(
            java.net.URI.create(
                "https://my-domain.auth0.com/.well-known/oauth-authorization-server"),
            java.net.URI.create("https://my-domain.auth0.com/.well-known/openid-configuration")),
        IssuerDiscovery.metadataUris("https://my-domain.auth0.com/"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "<html>not json</html>",
        "[\"an array\"]",
        "{\"issuer\":\"ISSUER\"}",
        "{\"issuer\":\"ISSUER\",\"jwks_uri\":\"file:///etc/passwd\"}",
        "{\"issuer\":\"ISSUER\",\"jwks_uri\":\"/relative/keys\"}",
        "{\"issuer\":\"ISSUER\",\"jwks_uri\":42}",
      })
  void resolveWhenMetadataUnusableThenUnavailableNeverInvalid(String document) {
    String issuer = issuer("/realms/g");
    server.serve("/realms/g/.well-known/openid-configuration", document.replace("ISSUER", issuer));

    Resolution resolution = resolver(issuer).resolve(Credential.of(token(issuer, RSA)));

    assertEquals(Resolution.unavailable(JwtAccessTokenResolver.JWKS_DEPENDENCY), resolution);
  }
}
