package dev.tollgate.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.StubHttpServer;
import dev.tollgate.testsupport.StubHttpServer.Mode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TokenIntrospectionResolverTest {
  static final String RESOURCE = "https://mcp.example.com/mcp";
  static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  static final String TOKEN = "opaque-token-Zm9vYmFy";

  private final IntrospectionStub stub = new IntrospectionStub();
  static final Duration PATIENT = Duration.ofSeconds(15);

  private StubHttpServer server;

  @BeforeEach
  void startServer() {
    server = stub.start();
    stub.responses.put(TOKEN, active("\"aud\":\"" + RESOURCE + "\""));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  static String active(String more) {
    return "{\"active\":true,\"sub\":\"user-42\",\"client_id\":\"cli-7\",\"scope\":\"mcp read\","
        + "\"iat\":"
        + (NOW - 60)
        + ",\"exp\":"
        + (NOW + 3600)
        + ",\"jti\":\"tok-1\","
        + "\"iss\":\"https://auth.example.com\",\"username\":\"alice\",\"token_type\":\"Bearer\","
        + "\"ext\":{\"plan\":\"pro\",\"none\":null},"
        + more
        + "}";
  }

  TokenIntrospectionResolver.Builder resolver() {
    return resolver(server.uri("/introspect"), IntrospectionStub.CLIENT_SECRET, PATIENT);
  }

  /** {@link #resolver()} with another endpoint, client secret or request timeout. */
  TokenIntrospectionResolver.Builder resolver(
      URI endpoint, String clientSecret, Duration requestTimeout) {
    return TokenIntrospectionResolver.builder()
        .endpoint(endpoint)
        .clientCredentials(IntrospectionStub.CLIENT_ID, clientSecret)
        .audience(RESOURCE)
        .clock(CLOCK)
        // Generous: the stub answers at once, but a busy build machine can stall for seconds.
        .connectTimeout(PATIENT)
        .requestTimeout(requestTimeout);
  }

  @Test
  void resolveWhenTokenActiveThenPrincipalCarriesResponseFields() {
    Resolution resolution = resolver().build().resolve(Credential.of(TOKEN));

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolution).principal();
    assertEquals("user-42", principal.subject());
    assertEquals("user-42", principal.accountId());
    assertEquals("cli-7", principal.clientId());
    assertEquals(Set.of("mcp", "read"), principal.scopes());
    assertEquals(Instant.ofEpochSecond(NOW - 60), principal.issuedAt());
    assertEquals(Instant.ofEpochSecond(NOW + 3600), principal.expiresAt());
    assertEquals("tok-1", principal.tokenId());
    assertEquals(CredentialKind.ACCESS_TOKEN, principal.kind());
    assertEquals("alice", principal.attributes().get("username"));
    assertEquals(RESOURCE, principal.attributes().get("aud"));
    assertEquals(Map.of("plan", "pro"), principal.attributes().get("ext"));
    assertFalse(principal.attributes().containsKey("active"));
    assertFalse(principal.attributes().containsKey("sub"));
  }

  @Test
  void resolveWhenResponseHasAuthTimeThenPrincipalCarriesIt() {
    stub.responses.put(TOKEN, active("\"aud\":\"" + RESOURCE + "\",\"auth_time\":" + (NOW - 600)));

    TollgatePrincipal principal =
        assertInstanceOf(
                Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)))
            .principal();

    assertEquals(Instant.ofEpochSecond(NOW - 600), principal.authTime());
    assertFalse(principal.attributes().containsKey("auth_time"));
  }

  @Test
  void resolveWhenResponseHasNoAuthTimeThenPrincipalHasNone() {
    TollgatePrincipal principal =
        assertInstanceOf(
                Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)))
            .principal();

    assertNull(principal.authTime());
  }

  @Test
  void resolveWhenClientSecretBasicThenStubSeesBasicHeaderAndOnlyTokenInForm() {
    assertInstanceOf(Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)));

    StubHttpServer.Request request = server.lastRequest();
    assertEquals("POST", request.method());
    assertEquals("/introspect", request.path());
    assertEquals("application/x-www-form-urlencoded", request.header("Content-Type"));
    assertEquals("application/json", request.header("Accept"));
    assertTrue(request.header("Authorization").startsWith("Basic "));
    assertEquals(
        Map.of("token", TOKEN, "token_type_hint", "access_token"),
        IntrospectionStub.form(request.body()));
  }

  @Test
  void resolveWhenCalledAgainThenTheSameFormEncodedBasicCredentialsAndForm() {
    TokenIntrospectionResolver resolver = resolver().build();
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (URLEncoder.encode(IntrospectionStub.CLIENT_ID, StandardCharsets.UTF_8)
                            + ":"
                            + URLEncoder.encode(
                                IntrospectionStub.CLIENT_SECRET, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));

    for (String token : List.of(TOKEN, TOKEN + "-second")) {
      resolver.resolve(Credential.of(token));

      StubHttpServer.Request request = server.lastRequest();
      assertEquals(expected, request.header("Authorization"));
      assertEquals(
          Map.of("token", token, "token_type_hint", "access_token"),
          IntrospectionStub.form(request.body()));
    }
  }

  @Test
  void resolveWhenClientSecretPostThenCredentialsInFormAndNoAuthorizationHeader() {
    TokenIntrospectionResolver resolver =
        resolver().clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST).build();

    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(TOKEN)));

    StubHttpServer.Request request = server.lastRequest();
    assertNull(request.header("Authorization"));
    assertEquals(
        Map.of(
            "token",
            TOKEN,
            "token_type_hint",
            "access_token",
            "client_id",
            IntrospectionStub.CLIENT_ID,
            "client_secret",
            IntrospectionStub.CLIENT_SECRET),
        IntrospectionStub.form(request.body()));
  }

  @Test
  void resolveWhenTokenHasFormSpecialCharactersThenSentEncoded() {
    String token = "a+b/c=d&token=other";
    stub.responses.put(token, active("\"aud\":\"" + RESOURCE + "\""));

    assertInstanceOf(Resolution.Resolved.class, resolver().build().resolve(Credential.of(token)));
    assertEquals(token, IntrospectionStub.form(server.lastRequest().body()).get("token"));
  }

  @Test
  void resolveWhenAudienceArrayNamesResourceThenResolved() {
    stub.responses.put(
        TOKEN, active("\"aud\":[\"https://other.example.com\",\"" + RESOURCE + "\"]"));

    assertInstanceOf(Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)));
  }

  @Test
  void resolveWhenAccountIdClaimConfiguredThenAccountFromThatMember() {
    stub.responses.put(TOKEN, active("\"aud\":\"" + RESOURCE + "\",\"account\":\"acct-9\""));

    Resolution resolution =
        resolver().accountIdClaim("account").build().resolve(Credential.of(TOKEN));

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolution).principal();
    assertEquals("acct-9", principal.accountId());
    assertEquals("user-42", principal.subject());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          inactive          | {"active":false,"sub":"u","aud":"https://mcp.example.com/mcp"}                     | The access token is not active
          active as string  | {"active":"true","sub":"u","aud":"https://mcp.example.com/mcp"}                    | The access token is not active
          active missing    | {"sub":"u","aud":"https://mcp.example.com/mcp"}                                    | The access token is not active
          active as 1       | {"active":1,"sub":"u","aud":"https://mcp.example.com/mcp"}                         | The access token is not active
          expired           | {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","exp":1767225599}     | The access token has expired
          expires now       | {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","exp":1767225600}     | The access token has expired
          not yet valid     | {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","nbf":1767229200}     | The access token is not yet valid
          audience missing  | {"active":true,"sub":"u"}                                                          | The access token is not meant for this resource
          audience other    | {"active":true,"sub":"u","aud":"https://other.example.com/mcp"}                    | The access token is not meant for this resource
          audience prefix   | {"active":true,"sub":"u","aud":"https://mcp.example.com"}                          | The access token is not meant for this resource
          audience array    | {"active":true,"sub":"u","aud":["https://other.example.com",7]}                    | The access token is not meant for this resource
          audience number   | {"active":true,"sub":"u","aud":42}                                                 | The access token is not meant for this resource
          sub missing       | {"active":true,"aud":"https://mcp.example.com/mcp","iss":"https://auth.example.com"}| The access token names no account
          sub empty         | {"active":true,"sub":"","aud":"https://mcp.example.com/mcp","iss":"https://auth.example.com"}| The access token names no account
          sub number        | {"active":true,"sub":42,"aud":"https://mcp.example.com/mcp","iss":"https://auth.example.com"}| The access token names no account
          issuer other      | {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","iss":"https://evil"} | The access token has an unexpected issuer
          issuer missing    | {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp"}                      | The access token has an unexpected issuer
          """)
  void resolveWhenResponseRefusesTokenThenInvalid(String name, String response, String reason) {
    stub.responses.put(TOKEN, response);
    TokenIntrospectionResolver resolver = resolver().issuer("https://auth.example.com").build();

    Resolution resolution = resolver.resolve(Credential.of(TOKEN));

    assertEquals(reason, assertInstanceOf(Resolution.Invalid.class, resolution).reason());
  }

  @Test
  void resolveWhenTokenUnknownToServerThenInvalid() {
    Resolution resolution = resolver().build().resolve(Credential.of("never-issued"));

    assertInstanceOf(Resolution.Invalid.class, resolution);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","exp":"tomorrow"}
          {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","iat":true}
          {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp","scope":["mcp"]}
          {"active":true,"active":false,"sub":"u","aud":"https://mcp.example.com/mcp"}
          {"active":true,"sub":"u","aud":"https://mcp.example.com/mcp"} trailing
          """)
  void resolveWhenResponseMalformedThenUnavailable(String response) {
    stub.responses.put(TOKEN, response);

    Resolution resolution = resolver().build().resolve(Credential.of(TOKEN));

    assertEquals(
        "introspection", assertInstanceOf(Resolution.Unavailable.class, resolution).dependency());
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"UP", "SLOW"},
      mode = EnumSource.Mode.EXCLUDE)
  void resolveWhenEndpointFailsThenUnavailableAndNextCallAfterRecoveryResolves(Mode failure) {
    TokenIntrospectionResolver resolver = resolver().build();
    server.mode(failure);

    Resolution during = resolver.resolve(Credential.of(TOKEN));

    assertEquals(
        "introspection", assertInstanceOf(Resolution.Unavailable.class, during).dependency());
    server.mode(Mode.UP);
    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(TOKEN)));
  }

  @Test
  void resolveWhenRateLimitedThenUnavailableWithServersRetryAfter() {
    server.mode(Mode.STATUS_429);

    Resolution resolution = resolver().build().resolve(Credential.of(TOKEN));

    assertEquals(
        Duration.ofSeconds(7),
        assertInstanceOf(Resolution.Unavailable.class, resolution).retryAfter());
  }

  @Test
  void resolveWhenNothingListensThenUnavailable() {
    TokenIntrospectionResolver resolver =
        resolver(
                URI.create("http://127.0.0.1:" + StubHttpServer.unusedPort() + "/introspect"),
                IntrospectionStub.CLIENT_SECRET,
                PATIENT)
            .build();

    assertInstanceOf(Resolution.Unavailable.class, resolver.resolve(Credential.of(TOKEN)));
  }

  @Test
  void resolveWhenOurClientSecretIsWrongThenUnavailableNotInvalid() {
    TokenIntrospectionResolver resolver =
        resolver(server.uri("/introspect"), "wrong", PATIENT).build();

    Resolution first = resolver.resolve(Credential.of(TOKEN));
    Resolution second = resolver.resolve(Credential.of(TOKEN));

    assertInstanceOf(Resolution.Unavailable.class, first);
    assertInstanceOf(Resolution.Unavailable.class, second);
    assertEquals(2, server.requestCount());
  }

  @Test
  void resolveWhenResponseJustUnderCapThenResolved() {
    String padded = active("\"aud\":\"" + RESOURCE + "\",\"pad\":\"" + "x".repeat(60_000) + "\"");
    stub.responses.put(TOKEN, padded);

    assertInstanceOf(Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)));
  }

  @Test
  void resolveWhenTokenTypeHintDisabledThenOnlyTokenSent() {
    resolver().tokenTypeHint(false).build().resolve(Credential.of(TOKEN));

    assertEquals(Map.of("token", TOKEN), IntrospectionStub.form(server.lastRequest().body()));
  }

  @Test
  void buildWhenRequiredSettingMissingThenMessageNamesIt() {
    var noAudience =
        TokenIntrospectionResolver.builder()
            .endpoint(server.uri("/introspect"))
            .clientCredentials("id", "secret");
    var noCredentials =
        TokenIntrospectionResolver.builder().endpoint(server.uri("/introspect")).audience(RESOURCE);
    var noEndpoint =
        TokenIntrospectionResolver.builder().clientCredentials("id", "secret").audience(RESOURCE);

    for (var entry :
        List.of(
            Map.entry("audience", noAudience),
            Map.entry("clientCredentials", noCredentials),
            Map.entry("endpoint", noEndpoint))) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> entry.getValue().build());
      assertTrue(e.getMessage().contains(entry.getKey()), e.getMessage());
    }
  }

  @Test
  void buildWhenConnectTimeoutAndHttpClientBothSetThenRefused() {
    var builder = resolver().httpClient(java.net.http.HttpClient.newHttpClient());

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(e.getMessage().contains("connectTimeout"), e.getMessage());
  }

  @Test
  void endpointWhenNotHttpThenRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TokenIntrospectionResolver.builder().endpoint(URI.create("file:///etc/passwd")));
  }

  @Test
  void resolveWhenAnswerSlowerThanRequestTimeoutThenUnavailable() {
    server.mode(Mode.SLOW);
    TokenIntrospectionResolver resolver =
        resolver(server.uri("/introspect"), IntrospectionStub.CLIENT_SECRET, Duration.ofMillis(250))
            .build();

    Resolution resolution = resolver.resolve(Credential.of(TOKEN));

    assertInstanceOf(Resolution.Unavailable.class, resolution);
    server.mode(Mode.UP);
    assertInstanceOf(Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)));
  }

  @Test
  void clientCredentialsWhenSetTwiceThenFailsNamingTheIdNeverTheSecret() {
    TokenIntrospectionResolver.Builder builder =
        TokenIntrospectionResolver.builder().clientCredentials("resource-server", "s3cret-value");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> builder.clientCredentials("other", "another"));

    assertEquals("clientCredentials was already set to resource-server", e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
  }

  @Test
  void requestTimeoutWhenSetTwiceThenFailsNamingIt() {
    TokenIntrospectionResolver.Builder builder =
        TokenIntrospectionResolver.builder().requestTimeout(Duration.ofSeconds(3));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> builder.requestTimeout(Duration.ofSeconds(4)));

    assertEquals("requestTimeout was already set to PT3S", e.getMessage());
  }
}
