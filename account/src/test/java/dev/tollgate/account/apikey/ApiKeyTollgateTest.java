package dev.tollgate.account.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.CredentialKind;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.SwitchableDataSource;
import dev.tollgate.testsupport.TestDataSources;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API keys end to end through the gate, over a real H2-backed JDBC store that can go down. */
class ApiKeyTollgateTest {
  private final SwitchableDataSource database =
      new SwitchableDataSource(TestDataSources.h2("apikey"));
  private ApiKeyService service;
  private Tollgate gate;

  @BeforeEach
  void setUp() {
    JdbcApiKeyStore store = JdbcApiKeyStore.builder(database).build();
    store.createSchemaIfMissing();
    service = ApiKeyService.builder(store).build();
    ApiKeyResolver apiKeyResolver = ApiKeyResolver.builder(store).scopes(Set.of("mcp")).build();
    gate =
        Tollgate.builder()
            .resource(URI.create("https://mcp.example.com/mcp"))
            .authorizationServer(URI.create("https://auth.example.com"))
            .resolver(apiKeyResolver)
            .requiredScopes(Set.of("mcp"))
            .retryAfter(Duration.ofSeconds(7))
            .build();
  }

  @Test
  void decideWhenValidKeyThenAllowedAsTheAccount() {
    IssuedApiKey issued = service.create("acct-42");

    Decision decision = gate.decide(bearer(issued.key()));

    TollgatePrincipal principal = assertInstanceOf(Decision.Allow.class, decision).principal();
    assertEquals("acct-42", principal.accountId());
    assertEquals(CredentialKind.API_KEY, principal.kind());
  }

  @Test
  void decideWhenRenewedPredecessorThenInvalidToken() {
    String old = service.create("acct-42").key();
    String renewed = service.renew("acct-42").key();

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(bearer(old)));

    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
    assertTrue(challenge.wwwAuthenticate().contains("error=\"invalid_token\""));
    assertTrue(challenge.wwwAuthenticate().contains("The API key is invalid"));
    assertFalse(challenge.jsonBody().contains(old));
    assertInstanceOf(Decision.Allow.class, gate.decide(bearer(renewed)));
  }

  @Test
  void decideWhenRevokedThenInvalidToken() {
    String key = service.create("acct-42").key();
    service.revoke("acct-42");

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(bearer(key)));

    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
  }

  @Test
  void decideWhenKeyMistypedThenInvalidTokenSayingMalformed() {
    String key = service.create("acct-42").key();
    String typo = key.substring(0, key.length() - 1) + (key.endsWith("x") ? "y" : "x");

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(bearer(typo)));

    assertEquals(401, challenge.status());
    assertTrue(challenge.wwwAuthenticate().contains("The API key is malformed"));
  }

  @Test
  void decideWhenKeyUnknownRevokedOrRenewedAwayThenOneIdenticalAnswer() {
    // Whether a well-formed key ever existed must not show: the three answers are byte-identical.
    String unknown = ApiKeyFormat.defaultFormat().generate().value();
    String renewedAway = service.create("acct-1").key();
    service.renew("acct-1");
    String revoked = service.create("acct-2").key();
    service.revoke("acct-2");

    List<Decision.Challenge> answers =
        List.of(unknown, renewedAway, revoked).stream()
            .map(key -> assertInstanceOf(Decision.Challenge.class, gate.decide(bearer(key))))
            .toList();

    for (Decision.Challenge answer : answers) {
      assertEquals(401, answer.status());
      assertEquals(answers.get(0).wwwAuthenticate(), answer.wwwAuthenticate());
      assertEquals(answers.get(0).jsonBody(), answer.jsonBody());
    }
    assertTrue(answers.get(0).jsonBody().contains("The API key is invalid"));
  }

  @Test
  void decideWhenStoreDownThenUnavailableNever401() {
    String key = service.create("acct-42").key();
    database.down();

    Decision.Unavailable unavailable =
        assertInstanceOf(Decision.Unavailable.class, gate.decide(bearer(key)));

    assertEquals("api-key-store", unavailable.dependency());
    assertEquals(7, unavailable.retryAfterSeconds());
    database.up();
    assertInstanceOf(Decision.Allow.class, gate.decide(bearer(key)));
  }

  @Test
  void decideWhenChainedWithAnotherResolverThenEachClaimsItsOwnCredentials() {
    String key = service.create("acct-42").key();
    CredentialResolver opaqueTokens =
        credential ->
            credential.value().equals("opaque-access-token")
                ? Resolution.resolved(
                    TollgatePrincipal.builder("acct-7").scopes(Set.of("mcp")).build())
                : Resolution.invalid("The access token is invalid");
    ApiKeyResolver apiKeys =
        ApiKeyResolver.builder(ApiKeyStore.inMemory()).scopes(Set.of("mcp")).build();
    Tollgate chained =
        Tollgate.builder()
            .resource(URI.create("https://mcp.example.com/mcp"))
            .resolver(apiKeys)
            .resolver(opaqueTokens)
            .requiredScopes(Set.of("mcp"))
            .build();

    Decision token = chained.decide(bearer("opaque-access-token"));
    Decision unknownKey = chained.decide(bearer(key));

    assertEquals("acct-7", assertInstanceOf(Decision.Allow.class, token).principal().accountId());
    // The key is not in this gate's (empty) store: the API key resolver answers, not the next one.
    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, unknownKey);
    assertTrue(challenge.wwwAuthenticate().contains("The API key is invalid"));
  }

  private static RequestView bearer(String credential) {
    return RequestView.of(
        "POST", "/mcp", Map.of("Authorization", List.of("Bearer " + credential)), null);
  }
}
