package dev.tollgate.account.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.CredentialKind;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Throttling, filtering and failure handling of {@link ConnectionRecorder}, on an injected clock.
 */
class ConnectionRecorderTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final CountingStore store = new CountingStore(ConnectionStore.inMemory());
  private final ConnectionRecorder recorder =
      ConnectionRecorder.builder(store).clock(clock).build();

  private static TollgatePrincipal token(
      String account, @Nullable String client, String... scopes) {
    return TollgatePrincipal.builder(account).clientId(client).scopes(Set.of(scopes)).build();
  }

  @Test
  void recordWhenAccessTokenWithClientThenStoredAtTheClocksInstant() {
    recorder.record(token("acct", "client-a", "mcp"));

    assertEquals(
        List.of(new ConnectedClient("acct", "client-a", T0, T0, Set.of("mcp"))),
        store.list("acct"));
  }

  @Test
  void recordWhenSamePairWithinTheIntervalThenOneWrite() {
    for (int i = 0; i < 150; i++) {
      recorder.record(token("acct", "client-a", "mcp"));
      clock.advance(Duration.ofMillis(500));
    }

    assertEquals(2, store.writes.get(), "one at 0s, one at 60s");
  }

  @Test
  void recordWhenIntervalElapsedThenWrittenAgainWithTheNewLastUse() {
    recorder.record(token("acct", "client-a", "mcp"));
    clock.advance(Duration.ofSeconds(59));
    recorder.record(token("acct", "client-a", "mcp"));
    assertEquals(T0, store.find("acct", "client-a").orElseThrow().lastUsedAt());

    clock.advance(Duration.ofSeconds(1));
    recorder.record(token("acct", "client-a", "mcp"));

    assertEquals(2, store.writes.get());
    assertEquals(T0.plusSeconds(60), store.find("acct", "client-a").orElseThrow().lastUsedAt());
  }

  @Test
  void recordWhenNewScopeWithinTheIntervalThenWrittenAtOnce() {
    recorder.record(token("acct", "client-a", "mcp"));
    clock.advance(Duration.ofSeconds(1));
    recorder.record(token("acct", "client-a", "mcp", "account:manage"));
    clock.advance(Duration.ofSeconds(1));
    recorder.record(token("acct", "client-a", "account:manage"));

    assertEquals(2, store.writes.get());
    assertEquals(
        Set.of("account:manage", "mcp"), store.find("acct", "client-a").orElseThrow().scopes());
  }

  @Test
  void recordWhenDifferentPairsThenEachWritten() {
    recorder.record(token("acct", "client-a", "mcp"));
    recorder.record(token("acct", "client-b", "mcp"));
    recorder.record(token("other", "client-a", "mcp"));

    assertEquals(3, store.writes.get());
  }

  @Test
  void recordWhenApiKeyThenNothingRecorded() {
    recorder.record(
        TollgatePrincipal.builder("acct")
            .scopes(Set.of("mcp"))
            .kind(CredentialKind.API_KEY)
            .build());
    recorder.record(
        TollgatePrincipal.builder("acct")
            .clientId("client-a")
            .scopes(Set.of("mcp"))
            .kind(CredentialKind.API_KEY)
            .build());

    assertEquals(0, store.writes.get());
  }

  @Test
  void recordWhenAccessTokenWithoutClientThenNothingRecorded() {
    recorder.record(token("acct", null, "mcp"));

    assertEquals(0, store.writes.get());
  }

  @Test
  void recordWhenClientIdCannotBeStoredThenSkippedWithoutThrowing() {
    recorder.record(token("acct", "has space", "mcp"));
    recorder.record(token("acct", "x".repeat(ConnectedClient.MAX_CLIENT_ID_LENGTH + 1), "mcp"));

    assertEquals(0, store.writes.get());
  }

  @Test
  void recordWhenStoreFailsThenNoExceptionAndRetriedOnlyAfterTheInterval() {
    store.down.set(true);

    recorder.record(token("acct", "client-a", "mcp"));
    recorder.record(token("acct", "client-a", "mcp"));
    assertEquals(1, store.attempts.get());

    store.down.set(false);
    clock.advance(Duration.ofMinutes(1));
    recorder.record(token("acct", "client-a", "mcp"));

    assertEquals(2, store.attempts.get());
    assertTrue(store.find("acct", "client-a").isPresent());
  }

  @Test
  void recordWhenStoreThrowsUnexpectedlyThenNoException() {
    ConnectionRecorder failing =
        ConnectionRecorder.builder(new CountingStore(null)).clock(clock).build();

    failing.record(token("acct", "client-a", "mcp"));
  }

  @Test
  void forgetWhenPairWasWrittenThenNextUseIsWrittenAtOnce() {
    recorder.record(token("acct", "client-a", "mcp"));
    store.remove("acct", "client-a");
    recorder.forget("acct", "client-a");
    clock.advance(Duration.ofSeconds(1));

    recorder.record(token("acct", "client-a", "mcp"));

    assertEquals(T0.plusSeconds(1), store.find("acct", "client-a").orElseThrow().firstUsedAt());
  }

  @Test
  void minimumIntervalWhenZeroThenEveryUseWritten() {
    ConnectionRecorder eager =
        ConnectionRecorder.builder(store).clock(clock).minimumInterval(Duration.ZERO).build();

    eager.record(token("acct", "client-a", "mcp"));
    eager.record(token("acct", "client-a", "mcp"));

    assertEquals(2, store.writes.get());
  }

  @Test
  void builderWhenInvalidValuesThenRefusedNamingTheSetting() {
    ConnectionRecorder.Builder builder = ConnectionRecorder.builder(store);
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> builder.minimumInterval(Duration.ofSeconds(-1)));
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> builder.maximumTracked(0));

    assertTrue(negative.getMessage().startsWith("minimumInterval"));
    assertTrue(size.getMessage().startsWith("maximumTracked"));
  }

  /** Counts writes; can be switched down; with a null delegate every call fails unexpectedly. */
  private static final class CountingStore implements ConnectionStore {
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    private final @Nullable ConnectionStore delegate;

    CountingStore(@Nullable ConnectionStore delegate) {
      this.delegate = delegate;
    }

    private ConnectionStore delegate() {
      if (delegate == null) {
        throw new IllegalStateException("store bug");
      }
      return delegate;
    }

    @Override
    public void record(String accountId, String clientId, Set<String> scopes, Instant at) {
      attempts.incrementAndGet();
      if (down.get()) {
        throw new DependencyUnavailableException(JdbcConnectionStore.DEPENDENCY, null);
      }
      delegate().record(accountId, clientId, scopes, at);
      writes.incrementAndGet();
    }

    @Override
    public List<ConnectedClient> list(String accountId) {
      return delegate().list(accountId);
    }

    @Override
    public Optional<ConnectedClient> find(String accountId, String clientId) {
      return delegate().find(accountId, clientId);
    }

    @Override
    public boolean remove(String accountId, String clientId) {
      return delegate().remove(accountId, clientId);
    }
  }
}
