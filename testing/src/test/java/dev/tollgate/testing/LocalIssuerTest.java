package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The issuer's tokens, as judged by the real JWT resolver fetching its JWK set over HTTP. */
class LocalIssuerTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.test/mcp");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static LocalIssuer issuer;
  private static Tollgate gate;

  @BeforeAll
  static void start() {
    issuer = LocalIssuer.start(RESOURCE);
    gate = issuer.tollgate(RESOURCE).requiredScopes(Set.of("mcp")).build();
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  private static Decision decide(String token) {
    return gate.decide(
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null));
  }

  @Test
  void tokenWhenDefaultsThenGateAllowsWithItsClaims() {
    String token =
        issuer
            .token()
            .subject("demo-pro")
            .clientId("c")
            .scopes("mcp")
            .claim("plan", "enterprise")
            .sign();

    TollgatePrincipal principal = assertInstanceOf(Decision.Allow.class, decide(token)).principal();

    assertEquals("demo-pro", principal.subject());
    assertEquals("demo-pro", principal.accountId());
    assertEquals("c", principal.clientId());
    assertEquals(Set.of("mcp"), principal.scopes());
    assertEquals("enterprise", principal.attributes().get("plan"));
    assertTrue(principal.expiresAt().isAfter(Instant.now()));
  }

  @Test
  void tokenWhenEs256ThenGateAllows() {
    assertInstanceOf(Decision.Allow.class, decide(issuer.token().es256().scopes("mcp").sign()));
  }

  @Test
  void tokenWhenLifetimeGivenThenExpiryFollows() {
    Instant before = Instant.now();
    String token = issuer.token().scopes("mcp").lifetime(Duration.ofHours(2)).sign();

    TollgatePrincipal principal = assertInstanceOf(Decision.Allow.class, decide(token)).principal();

    assertTrue(principal.expiresAt().isAfter(before.plus(Duration.ofMinutes(119))));
  }

  static Stream<Arguments> brokenTokens() {
    return Stream.of(
        broken("expired", b -> b.expired(), "The access token has expired"),
        broken(
            "other audience",
            b -> b.audience("https://other.example.test/mcp"),
            "The access token is not valid for this resource"),
        broken(
            "other issuer",
            b -> b.issuer("https://other-issuer.example.test"),
            "The access token was issued by an untrusted issuer"),
        broken("typ JWT", b -> b.type("JWT"), "The access token type is not accepted"),
        broken("no typ", b -> b.withoutType(), "The access token type is not accepted"),
        broken(
            "not yet valid",
            b -> b.notBefore(Instant.now().plus(Duration.ofHours(1))),
            "The access token is not yet valid"),
        broken(
            "issued in the future",
            b -> b.issuedAt(Instant.now().plus(Duration.ofHours(1))),
            "The access token was issued in the future"),
        broken("no exp", b -> b.withoutExpiry(), "The access token lacks a required claim"),
        broken("no sub", b -> b.withoutClaim("sub"), "The access token lacks a required claim"),
        broken(
            "unknown RSA key",
            b -> b.signedWithUnknownKey(),
            "The access token was signed with an unknown key"),
        broken(
            "unknown EC key",
            b -> b.es256().signedWithUnknownKey(),
            "The access token was signed with an unknown key"),
        broken("alg none", b -> b.algNone(), null));
  }

  private static Arguments broken(
      String name, UnaryOperator<AccessTokenBuilder> fault, String phrase) {
    return Arguments.of(name, fault, phrase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenTokens")
  void tokenWhenBrokenThenGateRefusesAsInvalidToken(
      String name, UnaryOperator<AccessTokenBuilder> fault, String phrase) {
    String token = fault.apply(issuer.token().scopes("mcp")).sign();

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, decide(token));

    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
    if (phrase != null) {
      assertTrue(challenge.jsonBody().contains(phrase), challenge.jsonBody());
    }
  }

  @Test
  void tokenWhenScopeMissingThenInsufficientScope() {
    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, decide(issuer.token().sign()));

    assertEquals(403, challenge.status());
    assertEquals("insufficient_scope", challenge.error());
  }

  @Test
  void algNoneWhenSignedThenHasEmptySignature() {
    String token = issuer.token().algNone().sign();

    assertTrue(token.endsWith("."), token);
    assertEquals(2, token.chars().filter(c -> c == '.').count());
  }

  @Test
  void jwksWhenFetchedThenPublishesOnlyPublicRsaAndEcKeys() throws Exception {
    HttpResponse<String> response = get(issuer.jwksUri());

    assertEquals(200, response.statusCode());
    JsonNode keys = JSON.readTree(response.body()).get("keys");
    assertEquals(2, keys.size());
    assertEquals(
        Set.of("RSA", "EC"),
        Set.of(keys.get(0).get("kty").asText(), keys.get(1).get("kty").asText()));
    keys.forEach(key -> assertFalse(key.has("d"), "private part published: " + key.get("kid")));
  }

  @Test
  void metadataWhenFetchedThenNamesIssuerAndEndpoints() throws Exception {
    HttpResponse<String> response =
        get(URI.create(issuer.issuer() + "/.well-known/oauth-authorization-server"));

    assertEquals(200, response.statusCode());
    JsonNode metadata = JSON.readTree(response.body());
    assertEquals(issuer.issuer().toString(), metadata.get("issuer").asText());
    assertEquals(issuer.jwksUri().toString(), metadata.get("jwks_uri").asText());
    assertEquals(issuer.tokenEndpoint().toString(), metadata.get("token_endpoint").asText());
    assertEquals("S256", metadata.get("code_challenge_methods_supported").get(0).asText());
  }

  @Test
  void closeWhenCalledThenServerStopsListening() {
    LocalIssuer closing = LocalIssuer.start();
    URI jwks = closing.jwksUri();

    closing.close();

    assertThrows(IOException.class, () -> get(jwks));
  }

  @Test
  void builderWhenResourceRelativeThenRefused() {
    LocalIssuer.Builder builder = LocalIssuer.builder();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.resource(URI.create("/mcp")));

    assertTrue(e.getMessage().startsWith("resource"), e.getMessage());
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
