package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.CredentialKind;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link RevocationRegistry} must do; run against each implementation. */
abstract class RevocationRegistryContract {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final String ACCOUNT = "acct-1";
  static final String OTHER_ACCOUNT = "acct-2";
  static final String APP = "client-app";
  static final String OTHER_APP = "client-other";

  final MutableClock clock = new MutableClock(T0);
  RevocationRegistry registry;

  /** A fresh, empty registry on {@code clock}; the subclass closes it after the test. */
  abstract RevocationRegistry newRegistry(Clock clock);

  /** Runs before each test's registry is created, e.g. to empty a shared table. */
  void prepareStore() throws Exception {}

  @BeforeEach
  void createRegistry() throws Exception {
    prepareStore();
    registry = newRegistry(clock);
  }

  static TollgatePrincipal token(
      String accountId, @Nullable String clientId, @Nullable Instant issuedAt) {
    return TollgatePrincipal.builder(accountId)
        .clientId(clientId)
        .issuedAt(issuedAt)
        .expiresAt(T0.plus(Duration.ofHours(1)))
        .scopes(Set.of("mcp"))
        .build();
  }

  /**
   * A token of the app for the account, issued at {@code issuedAt} on a grant approved at {@code
   * authTime}.
   */
  static TollgatePrincipal grantToken(Instant issuedAt, @Nullable Instant authTime) {
    return TollgatePrincipal.builder(ACCOUNT)
        .clientId(APP)
        .issuedAt(issuedAt)
        .authTime(authTime)
        .expiresAt(issuedAt.plus(Duration.ofHours(1)))
        .scopes(Set.of("mcp"))
        .build();
  }

  static TollgatePrincipal apiKey(String accountId, @Nullable Instant issuedAt) {
    return TollgatePrincipal.builder(accountId)
        .issuedAt(issuedAt)
        .kind(CredentialKind.API_KEY)
        .build();
  }

  static Instant before(Instant at) {
    return at.minusSeconds(60);
  }

  @Test
  void isRevokedWhenNothingRevokedThenFalse() {
    assertFalse(registry.isRevoked(token(ACCOUNT, APP, before(T0))));
    assertFalse(registry.isRevoked(token(ACCOUNT, APP, null)));
    assertTrue(registry.revocations().isEmpty());
  }

  @Test
  void isRevokedWhenClientRevokedThenThatClientsEarlierTokensRefused() {
    registry.revokeClient(ACCOUNT, APP, T0);

    assertTrue(registry.isRevoked(token(ACCOUNT, APP, before(T0))));
  }

  @Test
  void isRevokedWhenClientRevokedThenOtherClientsAccountsAndApiKeysUnaffected() {
    registry.revokeClient(ACCOUNT, APP, T0);

    assertFalse(registry.isRevoked(token(ACCOUNT, OTHER_APP, before(T0))));
    assertFalse(registry.isRevoked(token(OTHER_ACCOUNT, APP, before(T0))));
    assertFalse(registry.isRevoked(apiKey(ACCOUNT, before(T0))));
  }

  @Test
  void isRevokedWhenTokenIssuedAfterClientRevocationThenAccepted() {
    registry.revokeClient(ACCOUNT, APP, T0);

    assertFalse(registry.isRevoked(token(ACCOUNT, APP, T0.plusSeconds(5))));
  }

  @Test
  void isRevokedWhenAccountRevokedThenEveryClientAndApiKeyRefused() {
    registry.revokeAccount(ACCOUNT, T0);

    assertTrue(registry.isRevoked(token(ACCOUNT, APP, before(T0))));
    assertTrue(registry.isRevoked(token(ACCOUNT, OTHER_APP, before(T0))));
    assertTrue(registry.isRevoked(apiKey(ACCOUNT, before(T0))));
    assertFalse(registry.isRevoked(token(OTHER_ACCOUNT, APP, before(T0))));
  }

  @Test
  void isRevokedWhenIssuedAfterAccountRevocationThenAccepted() {
    registry.revokeAccount(ACCOUNT, T0);

    assertFalse(registry.isRevoked(token(ACCOUNT, APP, T0.plusSeconds(1))));
    assertFalse(registry.isRevoked(apiKey(ACCOUNT, T0.plusSeconds(1))));
  }

  @ParameterizedTest(name = "{0} revoked at T0, issued at T0{1}ms -> revoked={2}")
  @CsvSource({
    "account, -1, true",
    "account,  0, true",
    "account,  1, false",
    "client,  -1, true",
    "client,   0, true",
    "client,   1, false",
  })
  void isRevokedWhenIssuedAroundRevocationInstantThenEqualIsRevoked(
      String scope, long offsetMillis, boolean revoked) {
    clock.set(T0);
    if (scope.equals("account")) {
      registry.revokeAccount(ACCOUNT);
    } else {
      registry.revokeClient(ACCOUNT, APP);
    }

    assertEquals(revoked, registry.isRevoked(token(ACCOUNT, APP, T0.plusMillis(offsetMillis))));
  }

  @Test
  void revokeWhenInstantHasSubMillisecondPartThenRoundedUpToRefuseMore() {
    registry.revokeClient(ACCOUNT, APP, T0.plusNanos(1));

    assertTrue(registry.isRevoked(token(ACCOUNT, APP, T0.plusMillis(1))));
    assertFalse(registry.isRevoked(token(ACCOUNT, APP, T0.plusMillis(2))));
    assertEquals(T0.plusMillis(1), registry.revocations().get(0).revokedAt());
  }

  @Test
  void isRevokedWhenIssuedAtMissingThenRevokedOnceAnyApplicableRevocationExists() {
    TollgatePrincipal noIssuedAt = token(ACCOUNT, APP, null);
    assertFalse(registry.isRevoked(noIssuedAt));

    registry.revokeClient(ACCOUNT, OTHER_APP, T0);
    assertFalse(registry.isRevoked(noIssuedAt), "another client's revocation does not apply");

    registry.revokeClient(ACCOUNT, APP, Instant.EPOCH.minusSeconds(1));
    assertTrue(registry.isRevoked(noIssuedAt), "even a revocation before the epoch applies");
  }

  @Test
  void isRevokedWhenIssuedAtMissingAndAccountRevokedThenRevoked() {
    registry.revokeAccount(ACCOUNT, T0);

    assertTrue(registry.isRevoked(token(ACCOUNT, APP, null)));
    assertTrue(registry.isRevoked(apiKey(ACCOUNT, null)));
  }

  @Test
  void revokeWhenEarlierInstantThanExistingThenLatestWins() {
    registry.revokeClient(ACCOUNT, APP, T0);
    registry.revokeClient(ACCOUNT, APP, T0.minusSeconds(3600));

    assertTrue(registry.isRevoked(token(ACCOUNT, APP, T0.minusSeconds(1))));
    assertEquals(1, registry.revocations().size());
    assertEquals(new Revocation(ACCOUNT, APP, T0), registry.revocations().get(0));
  }

  @Test
  void revokeWithoutInstantThenStampedWithRegistryClock() {
    clock.set(T0.plusSeconds(30));

    registry.revokeAccount(ACCOUNT);

    assertEquals(T0.plusSeconds(30), registry.revocations().get(0).revokedAt());
  }

  @Test
  void liftWhenClientEntryLiftedThenEarlierTokensAcceptedAgain() {
    registry.revokeClient(ACCOUNT, APP, T0);
    registry.revokeAccount(ACCOUNT, T0.minusSeconds(3600));

    registry.lift(ACCOUNT, APP);

    assertFalse(registry.isRevoked(token(ACCOUNT, APP, before(T0))));
    assertTrue(
        registry.isRevoked(token(ACCOUNT, APP, T0.minusSeconds(7200))), "account entry stays");
    assertEquals(1, registry.revocations().size());
  }

  @Test
  void liftWhenAccountEntryLiftedThenClientEntriesStay() {
    registry.revokeAccount(ACCOUNT, T0);
    registry.revokeClient(ACCOUNT, APP, T0);

    registry.lift(ACCOUNT, null);

    assertFalse(registry.isRevoked(token(ACCOUNT, OTHER_APP, before(T0))));
    assertTrue(registry.isRevoked(token(ACCOUNT, APP, before(T0))));
  }

  @Test
  void revocationsWhenSeveralEntriesThenAllListed() {
    registry.revokeAccount(ACCOUNT, T0);
    registry.revokeClient(ACCOUNT, APP, T0.plusSeconds(1));
    registry.revokeClient(OTHER_ACCOUNT, APP, T0.plusSeconds(2));

    assertEquals(
        Set.of(
            new Revocation(ACCOUNT, null, T0),
            new Revocation(ACCOUNT, APP, T0.plusSeconds(1)),
            new Revocation(OTHER_ACCOUNT, APP, T0.plusSeconds(2))),
        Set.copyOf(registry.revocations()));
    assertEquals(
        List.of(new Revocation(OTHER_ACCOUNT, APP, T0.plusSeconds(2))),
        registry.revocations(OTHER_ACCOUNT));
    assertEquals(List.of(), registry.revocations("acct-none"));
  }

  @Test
  void isRevokedWhenDisconnectedAndTokenRefreshedAfterwardsWithOldAuthTimeThenRefused() {
    registry.disconnectClient(ACCOUNT, APP, T0);

    assertTrue(registry.isRevoked(grantToken(before(T0), before(T0))), "issued before");
    assertTrue(
        registry.isRevoked(grantToken(T0.plusSeconds(60), before(T0))),
        "a refresh issues a new token on the old grant");
  }

  @Test
  void isRevokedWhenDisconnectedAndApprovedAgainAfterwardsThenAccepted() {
    registry.disconnectClient(ACCOUNT, APP, T0);

    assertFalse(registry.isRevoked(grantToken(T0.plusSeconds(61), T0.plusSeconds(60))));
    assertTrue(
        registry.isRevoked(grantToken(T0.plusSeconds(61), T0)), "approved at the very instant");
  }

  @Test
  void isRevokedWhenDisconnectedAndNoAuthTimeThenRefusedUntilReconnected() {
    registry.disconnectClient(ACCOUNT, APP, T0);
    TollgatePrincipal fresh = grantToken(T0.plusSeconds(60), null);
    assertTrue(registry.isRevoked(fresh));
    assertEquals(List.of(new Revocation(ACCOUNT, APP, T0, true)), registry.revocations());

    registry.reconnectClient(ACCOUNT, APP, T0.plusSeconds(30));

    assertFalse(registry.isRevoked(fresh));
    assertTrue(registry.isRevoked(grantToken(before(T0), null)), "issued before stays refused");
    assertEquals(List.of(new Revocation(ACCOUNT, APP, T0, false)), registry.revocations());
  }

  @Test
  void reconnectWhenDisconnectedAgainLaterThenLaterDisconnectionStays() {
    registry.disconnectClient(ACCOUNT, APP, T0.plusSeconds(60));

    registry.reconnectClient(ACCOUNT, APP, T0);

    assertTrue(registry.isRevoked(grantToken(T0.plusSeconds(120), null)));
  }

  @Test
  void reconnectWhenNotDisconnectedThenNothingChanges() {
    registry.reconnectClient(ACCOUNT, APP, T0);

    assertTrue(registry.revocations().isEmpty());
    assertFalse(registry.isRevoked(grantToken(before(T0), null)));
  }

  @Test
  void disconnectWhenOtherClientOrApiKeyThenUnaffected() {
    registry.disconnectClient(ACCOUNT, APP, T0);

    assertFalse(registry.isRevoked(token(ACCOUNT, OTHER_APP, T0.plusSeconds(1))));
    assertFalse(registry.isRevoked(apiKey(ACCOUNT, T0.plusSeconds(1))));
    assertFalse(registry.isRevoked(token(OTHER_ACCOUNT, APP, T0.plusSeconds(1))));
  }

  @Test
  void revokeClientWhenAlreadyDisconnectedThenStillWaitsForReconnection() {
    registry.disconnectClient(ACCOUNT, APP, T0);

    registry.revokeClient(ACCOUNT, APP, T0.plusSeconds(10));

    assertEquals(
        List.of(new Revocation(ACCOUNT, APP, T0.plusSeconds(10), true)), registry.revocations());
    assertTrue(registry.isRevoked(grantToken(T0.plusSeconds(60), null)));
  }

  @Test
  void liftWhenDisconnectedThenAcceptedAgain() {
    registry.disconnectClient(ACCOUNT, APP, T0);

    registry.lift(ACCOUNT, APP);

    assertFalse(registry.isRevoked(grantToken(T0.plusSeconds(60), null)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 256})
  void revokeWhenIdentifierLengthOutOfRangeThenRejected(int length) {
    String id = "a".repeat(length);

    assertThrows(IllegalArgumentException.class, () -> registry.revokeAccount(id, T0));
    assertThrows(IllegalArgumentException.class, () -> registry.revokeClient(ACCOUNT, id, T0));
    assertTrue(registry.revocations().isEmpty());
  }
}
