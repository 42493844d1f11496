package dev.tollgate.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.MutableClock;
import dev.tollgate.testsupport.TestDataSources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyResolverTest {
  private static final Instant START = Instant.parse("2026-01-02T03:04:05.678Z");

  private final MutableClock clock = new MutableClock(START);
  private final CountingApiKeyStore store = new CountingApiKeyStore(ApiKeyStore.inMemory());
  private final ApiKeyResolver resolver =
      ApiKeyResolver.builder(store).scopes(Set.of("mcp", "mcp:tools")).clock(clock).build();

  @Test
  void resolveWhenKeyIssuedThenPrincipalIsTheAccountsWithConfiguredScopes() {
    ApiKey issued = StoredKeys.issue(store, "acct-1", clock.instant());

    Resolution resolution = resolver.resolve(Credential.of(issued.value()));

    TollgatePrincipal principal =
        assertInstanceOf(Resolution.Resolved.class, resolution).principal();
    assertEquals("acct-1", principal.accountId());
    assertEquals("acct-1", principal.subject());
    assertEquals(CredentialKind.API_KEY, principal.kind());
    assertNull(principal.clientId());
    assertEquals(Set.of("mcp", "mcp:tools"), principal.scopes());
    assertEquals(START, principal.issuedAt());
    assertNull(principal.expiresAt());
    assertEquals(issued.displayPrefix(), principal.tokenId());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "opaque-token", "TGK_abc", "tg"})
  void resolveWhenCredentialLacksPrefixThenNotMineAndStoreUntouched(String credential) {
    Resolution resolution = resolver.resolve(Credential.of(credential));

    assertInstanceOf(Resolution.NotMine.class, resolution);
    assertEquals(0, store.calls());
  }

  static Stream<Arguments> nearMisses() {
    return ApiKeyFormatTest.nearMisses()
        .filter(arguments -> ((String) arguments.get()[1]).startsWith("tgk_"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nearMisses")
  void resolveWhenNearMissWithPrefixThenMalformedAndStoreUntouched(String name, String text) {
    Resolution resolution = resolver.resolve(Credential.of(text));

    assertEquals(Resolution.invalid("The API key is malformed"), resolution, name);
    assertEquals(0, store.calls(), name);
  }

  @Test
  void resolveWhenSameKeyAgainThenTheSameAnswerAndTheStoreAskedEachTime() {
    ApiKey issued = StoredKeys.issue(store, "acct-1", clock.instant());
    Credential key = Credential.of(issued.value());

    Resolution first = resolver.resolve(key);
    int before = store.calls();
    Resolution second = resolver.resolve(key);

    assertSame(first, second);
    assertEquals(before + 1, store.calls(), "revocation and renewal still checked per request");
  }

  @Test
  void resolveWhenKeyRenewedDeletedOrMovedThenNoRememberedAnswerOutlivesIt() {
    ApiKey old = StoredKeys.issue(store, "acct-1", clock.instant());
    assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(old.value())));

    clock.advance(Duration.ofMinutes(5));
    ApiKey renewed = ApiKeyFormat.defaultFormat().generate();
    assertTrue(store.replace(ApiKeyRecord.of("acct-1", renewed, clock.instant())));

    assertEquals(Resolution.invalid("The API key is invalid"), resolve(old));
    TollgatePrincipal current =
        assertInstanceOf(Resolution.Resolved.class, resolve(renewed)).principal();
    assertEquals(clock.instant(), current.issuedAt());
    assertEquals(renewed.displayPrefix(), current.tokenId());

    assertTrue(store.delete("acct-1"));
    assertEquals(Resolution.invalid("The API key is invalid"), resolve(renewed));

    // The same key stored again for another account (a store restored from a backup, say)
    // resolves to that account, not to the remembered one.
    assertTrue(store.insert(ApiKeyRecord.of("acct-2", renewed, clock.instant())));
    assertEquals(
        "acct-2",
        assertInstanceOf(Resolution.Resolved.class, resolve(renewed)).principal().accountId());
  }

  @Test
  void resolveWhenMoreKeysThanRememberedThenMemoryStaysBounded() {
    List<ApiKey> keys = new ArrayList<>();
    for (int i = 0; i <= ApiKeyResolver.REMEMBERED_KEYS; i++) {
      keys.add(StoredKeys.issue(store, "acct-" + i, clock.instant()));
    }

    for (ApiKey key : keys) {
      assertInstanceOf(Resolution.Resolved.class, resolve(key));
      assertTrue(resolver.rememberedKeys() <= ApiKeyResolver.REMEMBERED_KEYS);
    }
    assertInstanceOf(Resolution.Resolved.class, resolve(keys.get(0)), "forgotten, not refused");
  }

  private Resolution resolve(ApiKey key) {
    return resolver.resolve(Credential.of(key.value()));
  }

  @Test
  void resolveWhenStoreAnswersWithAnotherKeysRecordThenInvalid() {
    ApiKey mine = StoredKeys.issue(store, "acct-1", clock.instant());
    ApiKeyRecord mineRecord = store.findByAccount("acct-1").orElseThrow();
    ApiKeyStore confused =
        new CountingApiKeyStore(store) {
          @Override
          public java.util.Optional<ApiKeyRecord> findBySha256(byte[] sha256) {
            return java.util.Optional.of(mineRecord);
          }
        };
    ApiKeyResolver overConfused = ApiKeyResolver.builder(confused).scopes(Set.of("mcp")).build();
    // The genuine key first, so its answer is remembered when the other key comes.
    assertInstanceOf(Resolution.Resolved.class, overConfused.resolve(Credential.of(mine.value())));

    String other = ApiKeyFormat.defaultFormat().generate().value();

    assertEquals(
        Resolution.invalid("The API key is invalid"), overConfused.resolve(Credential.of(other)));
  }

  @Test
  void resolveWhenStoreKnowsOnlyHexHashesThenKeysStillResolve() {
    ApiKey issued = StoredKeys.issue(store, "acct-1", clock.instant());
    ApiKeyStore hexOnly =
        new ApiKeyStore() {
          @Override
          public boolean insert(ApiKeyRecord record) {
            return store.insert(record);
          }

          @Override
          public java.util.Optional<ApiKeyRecord> findByHash(String keyHash) {
            return store.findByHash(keyHash);
          }

          @Override
          public java.util.Optional<ApiKeyRecord> findByAccount(String accountId) {
            return store.findByAccount(accountId);
          }

          @Override
          public boolean replace(ApiKeyRecord next) {
            return store.replace(next);
          }

          @Override
          public boolean delete(String accountId) {
            return store.delete(accountId);
          }

          @Override
          public void recordUse(String keyHash, Instant at) {
            store.recordUse(keyHash, at);
          }
        };
    ApiKeyResolver overHex = ApiKeyResolver.builder(hexOnly).scopes(Set.of("mcp")).build();

    Resolution resolution = overHex.resolve(Credential.of(issued.value()));

    assertEquals(
        "acct-1", assertInstanceOf(Resolution.Resolved.class, resolution).principal().accountId());
    assertEquals(
        Resolution.invalid("The API key is invalid"),
        overHex.resolve(Credential.of(ApiKeyFormat.defaultFormat().generate().value())));
  }

  @Test
  void resolveWhenKeyUnknownThenInvalidAfterOneLookup() {
    Resolution resolution =
        resolver.resolve(Credential.of(ApiKeyFormat.defaultFormat().generate().value()));

    assertEquals(Resolution.invalid("The API key is invalid"), resolution);
    assertEquals(1, store.calls());
  }

  @Test
  void resolveWhenKeyOfAnotherFormatThenNotMine() {
    String key = ApiKeyFormat.withPrefix("acme_").generate().value();

    assertInstanceOf(Resolution.NotMine.class, resolver.resolve(Credential.of(key)));
  }

  @Test
  void resolveWhenUsedRepeatedlyThenLastUseWrittenOncePerInterval() {
    ApiKey issued = StoredKeys.issue(store, "acct-1", clock.instant());
    Credential key = Credential.of(issued.value());

    resolver.resolve(key);
    assertEquals(START, store.findByAccount("acct-1").orElseThrow().lastUsedAt());

    clock.advance(Duration.ofSeconds(30));
    int before = store.calls();
    resolver.resolve(key);
    assertEquals(before + 1, store.calls(), "only the lookup, no write");
    assertEquals(START, store.findByAccount("acct-1").orElseThrow().lastUsedAt());

    clock.advance(Duration.ofSeconds(30));
    resolver.resolve(key);
    assertEquals(START.plusSeconds(60), store.findByAccount("acct-1").orElseThrow().lastUsedAt());
  }

  @Test
  void resolveWhenStoreDownThenUnavailableNamingTheStore() {
    ApiKeyResolver down =
        ApiKeyResolver.builder(JdbcApiKeyStore.builder(TestDataSources.down()).build())
            .scopes(Set.of("mcp"))
            .build();

    Resolution resolution =
        down.resolve(Credential.of(ApiKeyFormat.defaultFormat().generate().value()));

    assertEquals(
        "api-key-store", assertInstanceOf(Resolution.Unavailable.class, resolution).dependency());
  }

  @Test
  void resolveWhenStoreThrowsUnexpectedlyThenUnavailable() {
    ApiKeyStore broken =
        new CountingApiKeyStore(ApiKeyStore.inMemory()) {
          @Override
          public java.util.Optional<ApiKeyRecord> findBySha256(byte[] sha256) {
            throw new IllegalStateException("bug");
          }
        };
    ApiKeyResolver resolver = ApiKeyResolver.builder(broken).scopes(Set.of("mcp")).build();

    Resolution resolution =
        resolver.resolve(Credential.of(ApiKeyFormat.defaultFormat().generate().value()));

    assertInstanceOf(Resolution.Unavailable.class, resolution);
  }

  @Test
  void buildWhenScopesMissingThenRejectedNamingTheSetting() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ApiKeyResolver.builder(store).build());
    assertTrue(e.getMessage().startsWith("scopes"));
    assertThrows(
        IllegalStateException.class, () -> ApiKeyResolver.builder(store).scopes(Set.of()).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "quote\"", "back\\slash", "caf\u00e9"})
  void scopesWhenNotScopeTokensThenRejected(String scope) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiKeyResolver.builder(store).scopes(Set.of(scope)));
    assertTrue(e.getMessage().startsWith("scopes"));
  }

  @Test
  void lastUseIntervalWhenNegativeThenRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ApiKeyResolver.builder(store).lastUseInterval(Duration.ofSeconds(-1)));
  }
}
