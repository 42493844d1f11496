package dev.tollgate.upstream;

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
import dev.tollgate.testsupport.StubHttpServer.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamAccountResolverTest {
  static final String TOKEN = "app-session-7Hq2";
  static final String ACCOUNT_JSON =
      """
      {"user":{"id":"u-1","email":"a@example.com"},"account":{"id":12345,"plan":"pro",\
      "credits":250.5},"scopes":["mcp","tools:read"]}\
      """;

  private final AtomicReference<Reply> reply = new AtomicReference<>(Reply.json(200, ACCOUNT_JSON));
  static final Duration PATIENT = Duration.ofSeconds(15);

  private StubHttpServer server;

  @BeforeEach
  void startServer() {
    server =
        StubHttpServer.start(
            request ->
                ("Bearer " + TOKEN).equals(request.header("Authorization"))
                    ? reply.get()
                    : Reply.json(401, "{\"error\":\"unauthenticated\"}"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  UpstreamAccountResolver.Builder resolver() {
    return resolver(server.uri("/api/me"), PATIENT);
  }

  /** {@link #resolver()} with another endpoint or request timeout. */
  UpstreamAccountResolver.Builder resolver(java.net.URI endpoint, Duration requestTimeout) {
    return UpstreamAccountResolver.builder()
        .endpoint(endpoint)
        .accountIdField("/account/id")
        .subjectField("/user/id")
        .planField("/account/plan")
        .creditsField("/account/credits")
        .scopesField("scopes")
        // Generous: the stub answers at once, but a busy build machine can stall for seconds.
        .connectTimeout(PATIENT)
        .requestTimeout(requestTimeout);
  }

  @Test
  void resolveWhenApiAnswers200ThenFieldsMappedToPrincipal() {
    Resolution resolution = resolver().build().resolve(Credential.of(TOKEN));

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolution).principal();
    assertEquals("12345", principal.accountId());
    assertEquals("u-1", principal.subject());
    assertEquals(Set.of("mcp", "tools:read"), principal.scopes());
    assertEquals("pro", principal.attributes().get(UpstreamAccountResolver.PLAN_ATTRIBUTE));
    assertEquals(250.5, ((Number) principal.attributes().get("credits")).doubleValue());
    assertEquals(CredentialKind.ACCESS_TOKEN, principal.kind());
    assertNull(principal.expiresAt());
    assertNull(principal.clientId());
  }

  @Test
  void resolveWhenOnlyAccountIdConfiguredThenSubjectIsAccount() {
    reply.set(Reply.json(200, "{\"account_id\":\"acct-1\",\"plan\":\"free\"}"));
    UpstreamAccountResolver resolver =
        UpstreamAccountResolver.builder()
            .endpoint(server.uri("/api/me"))
            .accountIdField("account_id")
            .requestTimeout(PATIENT)
            .kind(CredentialKind.API_KEY)
            .build();

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(TOKEN)))
            .principal();

    assertEquals("acct-1", principal.subject());
    assertEquals(Set.of(), principal.scopes());
    assertEquals(Map.of(), principal.attributes());
    assertEquals(CredentialKind.API_KEY, principal.kind());
  }

  @Test
  void resolveWhenScopesIsSpaceDelimitedStringThenSplit() {
    reply.set(Reply.json(200, "{\"account\":{\"id\":\"a\"},\"scopes\":\"mcp  admin\"}"));

    TollgatePrincipal principal =
        assertInstanceOf(
                Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)))
            .principal();

    assertEquals(Set.of("mcp", "admin"), principal.scopes());
  }

  @Test
  void resolveWhenCalledThenCredentialSentOnlyInAuthorizationHeader() {
    resolver().build().resolve(Credential.of(TOKEN));

    StubHttpServer.Request request = server.lastRequest();
    assertEquals("GET", request.method());
    assertEquals("/api/me", request.path());
    assertNull(request.query());
    assertEquals("", request.body());
    assertEquals("Bearer " + TOKEN, request.header("Authorization"));
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Authorization")) {
                values.forEach(value -> assertFalse(value.contains(TOKEN), name));
              }
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void resolveWhenApiRefusesCredentialThenInvalid(int status) {
    reply.set(Reply.json(status, "{}"));

    Resolution resolution = resolver().build().resolve(Credential.of(TOKEN));

    assertInstanceOf(Resolution.Invalid.class, resolution);
  }

  @Test
  void resolveWhenCredentialUnknownToApiThenInvalid() {
    assertInstanceOf(
        Resolution.Invalid.class, resolver().build().resolve(Credential.of("someone-else")));
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"UP", "STATUS_401", "STATUS_403", "SLOW"},
      mode = EnumSource.Mode.EXCLUDE)
  void resolveWhenApiFailsThenUnavailableAndNextCallAfterRecoveryResolves(Mode failure) {
    UpstreamAccountResolver resolver = resolver().build();
    server.mode(failure);

    Resolution during = resolver.resolve(Credential.of(TOKEN));

    assertEquals(
        "account-api", assertInstanceOf(Resolution.Unavailable.class, during).dependency());
    server.mode(Mode.UP);
    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(TOKEN)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          account id missing  | {"account":{"plan":"pro"}}
          account id empty    | {"account":{"id":""}}
          account id object   | {"account":{"id":{"x":1}}}
          account id decimal  | {"account":{"id":1.5}}
          plan not a string   | {"account":{"id":"a","plan":3}}
          credits not number  | {"account":{"id":"a","credits":"lots"}}
          scopes not strings  | {"account":{"id":"a"},"scopes":[1,2]}
          subject not string  | {"account":{"id":"a"},"user":{"id":true}}
          """)
  void resolveWhenResponseLacksConfiguredShapeThenUnavailable(String name, String body) {
    reply.set(Reply.json(200, body));

    assertInstanceOf(
        Resolution.Unavailable.class, resolver().build().resolve(Credential.of(TOKEN)));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 418, 502, 504})
  void resolveWhenApiAnswersOtherStatusThenUnavailable(int status) {
    reply.set(Reply.json(status, "{\"account\":{\"id\":\"a\"}}"));

    assertInstanceOf(
        Resolution.Unavailable.class, resolver().build().resolve(Credential.of(TOKEN)));
  }

  @Test
  void resolveWhenNothingListensThenUnavailable() {
    UpstreamAccountResolver resolver =
        resolver(
                java.net.URI.create("http://127.0.0.1:" + StubHttpServer.unusedPort() + "/me"),
                PATIENT)
            .build();

    assertInstanceOf(Resolution.Unavailable.class, resolver.resolve(Credential.of(TOKEN)));
  }

  @Test
  void resolveWhenResponseOverConfiguredCapThenUnavailable() {
    UpstreamAccountResolver resolver = resolver().maxResponseBytes(64).build();

    assertInstanceOf(Resolution.Unavailable.class, resolver.resolve(Credential.of(TOKEN)));
  }

  @Test
  void buildWhenAccountIdFieldMissingThenMessageNamesIt() {
    var builder = UpstreamAccountResolver.builder().endpoint(server.uri("/me"));

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(e.getMessage().contains("accountIdField"), e.getMessage());
  }

  @Test
  void accountIdFieldWhenPointerMalformedThenRefusedNamingSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> UpstreamAccountResolver.builder().accountIdField("/a/~2"));
    assertTrue(e.getMessage().contains("accountIdField"), e.getMessage());
  }

  @Test
  void accountIdFieldWhenNameHasSlashThenReadAsMemberName() {
    reply.set(Reply.json(200, "{\"acct/id\":\"a-7\"}"));
    UpstreamAccountResolver resolver =
        UpstreamAccountResolver.builder()
            .endpoint(server.uri("/api/me"))
            .accountIdField("acct/id")
            .requestTimeout(PATIENT)
            .build();

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(TOKEN)))
            .principal();
    assertEquals("a-7", principal.accountId());
  }

  @Test
  void resolveWhenAnswerSlowerThanRequestTimeoutThenUnavailable() {
    server.mode(Mode.SLOW);
    UpstreamAccountResolver resolver =
        resolver(server.uri("/api/me"), Duration.ofMillis(250)).build();

    Resolution resolution = resolver.resolve(Credential.of(TOKEN));

    assertInstanceOf(Resolution.Unavailable.class, resolution);
    server.mode(Mode.UP);
    assertInstanceOf(Resolution.Resolved.class, resolver().build().resolve(Credential.of(TOKEN)));
  }

  @Test
  void accountIdFieldWhenSetTwiceThenFailsNamingIt() {
    UpstreamAccountResolver.Builder builder =
        UpstreamAccountResolver.builder().accountIdField("/account/id");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.accountIdField("/id"));

    assertEquals("accountIdField was already set to /account/id", e.getMessage());
  }
}
