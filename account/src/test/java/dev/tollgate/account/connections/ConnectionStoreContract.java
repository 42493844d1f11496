package dev.tollgate.account.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link ConnectionStore} must do; each implementation's test extends this. */
abstract class ConnectionStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

  String account;
  String otherAccount;

  abstract ConnectionStore store();

  @BeforeEach
  void freshAccounts() {
    // Unique per test, so a store shared by the class's tests needs no cleaning in between.
    account = "acct-" + UUID.randomUUID();
    otherAccount = "acct-" + UUID.randomUUID();
  }

  @Test
  void recordWhenFirstUseThenListedWithFirstAndLastUseAndScopes() {
    store().record(account, "client-a", Set.of("mcp", "account:manage"), T0);

    List<ConnectedClient> listed = store().list(account);

    assertEquals(
        List.of(new ConnectedClient(account, "client-a", T0, T0, Set.of("account:manage", "mcp"))),
        listed);
    assertEquals(List.of("account:manage", "mcp"), new ArrayList<>(listed.get(0).scopes()));
  }

  @Test
  void recordWhenUsedAgainThenLastUseMovesAndScopesAreUnited() {
    store().record(account, "client-a", Set.of("mcp"), T0);
    store().record(account, "client-a", Set.of("mcp:tools"), T0.plusSeconds(90));

    ConnectedClient client = store().find(account, "client-a").orElseThrow();

    assertEquals(T0, client.firstUsedAt());
    assertEquals(T0.plusSeconds(90), client.lastUsedAt());
    assertEquals(Set.of("mcp", "mcp:tools"), client.scopes());
  }

  @Test
  void recordWhenOlderUseArrivesLateThenLastUseNeverMovesBackAndFirstUseMovesBack() {
    store().record(account, "client-a", Set.of("mcp"), T0.plusSeconds(60));
    store().record(account, "client-a", Set.of("mcp"), T0);

    ConnectedClient client = store().find(account, "client-a").orElseThrow();

    assertEquals(T0, client.firstUsedAt());
    assertEquals(T0.plusSeconds(60), client.lastUsedAt());
  }

  @Test
  void recordWhenNoScopesThenListedWithEmptyScopes() {
    store().record(account, "client-a", Set.of(), T0);

    assertEquals(Set.of(), store().find(account, "client-a").orElseThrow().scopes());
  }

  @Test
  void listWhenSeveralClientsThenMostRecentlyUsedFirst() {
    store().record(account, "client-old", Set.of("mcp"), T0);
    store().record(account, "client-new", Set.of("mcp"), T0.plus(Duration.ofHours(1)));
    store().record(account, "client-mid", Set.of("mcp"), T0.plus(Duration.ofMinutes(30)));

    List<String> ids = store().list(account).stream().map(ConnectedClient::clientId).toList();

    assertEquals(List.of("client-new", "client-mid", "client-old"), ids);
  }

  @Test
  void listWhenAnotherAccountUsedTheSameClientThenEachSeesOnlyItsOwn() {
    store().record(account, "client-a", Set.of("mcp"), T0);
    store().record(otherAccount, "client-a", Set.of("other"), T0.plusSeconds(5));
    store().record(otherAccount, "client-b", Set.of("mcp"), T0);

    assertEquals(1, store().list(account).size());
    assertEquals(Set.of("mcp"), store().list(account).get(0).scopes());
    assertEquals(2, store().list(otherAccount).size());
  }

  @Test
  void listWhenNothingRecordedThenEmpty() {
    assertEquals(List.of(), store().list(account));
    assertTrue(store().find(account, "client-a").isEmpty());
  }

  @Test
  void removeWhenRecordedThenGoneOnlyForThatAccountAndClient() {
    store().record(account, "client-a", Set.of("mcp"), T0);
    store().record(account, "client-b", Set.of("mcp"), T0);
    store().record(otherAccount, "client-a", Set.of("mcp"), T0);

    assertTrue(store().remove(account, "client-a"));

    assertEquals(
        List.of("client-b"),
        store().list(account).stream().map(ConnectedClient::clientId).toList());
    assertTrue(store().find(otherAccount, "client-a").isPresent());
  }

  @Test
  void removeWhenUnknownThenFalse() {
    assertFalse(store().remove(account, "client-a"));
    store().record(otherAccount, "client-a", Set.of("mcp"), T0);
    assertFalse(store().remove(account, "client-a"));
  }

  @Test
  void recordWhenRemovedThenRecordedAfresh() {
    store().record(account, "client-a", Set.of("mcp", "old"), T0);
    store().remove(account, "client-a");
    store().record(account, "client-a", Set.of("mcp"), T0.plusSeconds(600));

    ConnectedClient client = store().find(account, "client-a").orElseThrow();

    assertEquals(T0.plusSeconds(600), client.firstUsedAt());
    assertEquals(Set.of("mcp"), client.scopes());
  }

  @Test
  void recordWhenClientIdIsAUrlThenStoredAsIs() {
    String url = "https://app.example.com/.well-known/oauth-client?x=1&y=%20";
    store().record(account, url, Set.of("mcp"), T0);

    assertEquals(url, store().list(account).get(0).clientId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\there", "caf\u00e9", "\u0000"})
  void recordWhenClientIdCannotBeStoredThenIllegalArgument(String clientId) {
    assertThrows(
        IllegalArgumentException.class, () -> store().record(account, clientId, Set.of(), T0));
  }

  @Test
  void recordWhenClientIdTooLongThenIllegalArgument() {
    String longId = "c".repeat(ConnectedClient.MAX_CLIENT_ID_LENGTH + 1);
    assertThrows(
        IllegalArgumentException.class, () -> store().record(account, longId, Set.of(), T0));
    store().record(account, longId.substring(1), Set.of(), T0);
    assertEquals(1, store().list(account).size());
  }

  @Test
  void recordWhenScopesWouldOverflowTheColumnThenExtraScopesAreLeftOut() {
    Set<String> many = new java.util.TreeSet<>();
    for (int i = 0; i < 500; i++) {
      many.add(String.format("scope-%04d", i));
    }
    store().record(account, "client-a", many, T0);

    Set<String> kept = store().find(account, "client-a").orElseThrow().scopes();

    assertTrue(String.join(" ", kept).length() <= ScopeUnion.MAX_JOINED_LENGTH);
    assertTrue(kept.contains("scope-0000"));
    assertTrue(kept.size() < many.size());
  }

  @Test
  void recordWhenManyConcurrentWritersWithDistinctScopesThenNoScopeIsLost() throws Exception {
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String scope = "scope-" + i;
        Instant at = T0.plusSeconds(i);
        done.add(pool.submit(() -> store().record(account, "client-a", Set.of(scope), at)));
      }
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    ConnectedClient client = store().find(account, "client-a").orElseThrow();

    assertEquals(writers, client.scopes().size(), client.scopes().toString());
    assertEquals(T0.plusSeconds(writers - 1), client.lastUsedAt());
    assertEquals(T0, client.firstUsedAt());
  }
}
