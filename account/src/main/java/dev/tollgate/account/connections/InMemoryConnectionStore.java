package dev.tollgate.account.connections;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConnectionStore#inMemory()}: one concurrent map per account; each entry is replaced
 * atomically with {@code compute}, so concurrent records merge rather than overwrite.
 */
final class InMemoryConnectionStore implements ConnectionStore {
  private final Map<String, Map<String, ConnectedClient>> byAccount = new ConcurrentHashMap<>();

  @Override
  public void record(String accountId, String clientId, Set<String> scopes, Instant at) {
    ConnectedClient.requireAccountId(accountId);
    ConnectedClient.requireClientId(clientId);
    Objects.requireNonNull(scopes, "scopes == null");
    Instant when = Objects.requireNonNull(at, "at == null").truncatedTo(ChronoUnit.MILLIS);
    byAccount
        .computeIfAbsent(accountId, id -> new ConcurrentHashMap<>())
        .compute(
            clientId,
            (id, previous) ->
                previous == null
                    ? new ConnectedClient(
                        accountId, clientId, when, when, ScopeUnion.of(Set.of(), scopes))
                    : new ConnectedClient(
                        accountId,
                        clientId,
                        previous.firstUsedAt().isAfter(when) ? when : previous.firstUsedAt(),
                        previous.lastUsedAt().isBefore(when) ? when : previous.lastUsedAt(),
                        ScopeUnion.of(previous.scopes(), scopes)));
  }

  @Override
  public List<ConnectedClient> list(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    Map<String, ConnectedClient> clients = byAccount.get(accountId);
    if (clients == null) {
      return List.of();
    }
    return clients.values().stream()
        .sorted(
            Comparator.comparing(ConnectedClient::lastUsedAt)
                .reversed()
                .thenComparing(ConnectedClient::clientId))
        .limit(MAX_LISTED)
        .toList();
  }

  @Override
  public Optional<ConnectedClient> find(String accountId, String clientId) {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(clientId, "clientId == null");
    Map<String, ConnectedClient> clients = byAccount.get(accountId);
    return clients == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
  }

  @Override
  public boolean remove(String accountId, String clientId) {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(clientId, "clientId == null");
    Map<String, ConnectedClient> clients = byAccount.get(accountId);
    return clients != null && clients.remove(clientId) != null;
  }

  @Override
  public String toString() {
    return "ConnectionStore.inMemory()";
  }
}
