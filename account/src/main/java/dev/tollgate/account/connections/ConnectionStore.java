package dev.tollgate.account.connections;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where connected apps are recorded: per account, each OAuth client that used it, with its first
 * and last use and the union of the scopes seen.
 *
 * <p>Every method throws {@link dev.tollgate.DependencyUnavailableException} when the store cannot
 * answer. Implementations are thread-safe; concurrent {@link #record} calls for one (account,
 * client) pair, from one node or several, lose no scope and never move {@code lastUsedAt} back.
 *
 * <p>Two implementations ship: {@link #inMemory()} for tests and single-node use, and {@link
 * JdbcConnectionStore} for a shared database. Callers on the request path go through a {@link
 * ConnectionRecorder}, which throttles writes and never lets a failure reach the request.
 */
public interface ConnectionStore {

  /** The most connections {@link #list} returns: far more than any person connects, bounded. */
  int MAX_LISTED = 500;

  /**
   * Records that {@code clientId} acted for {@code accountId} at {@code at} with {@code scopes}:
   * creates the entry, or moves its last use forward (never back) and adds the scopes.
   *
   * @throws IllegalArgumentException when the account or client id cannot be stored (see {@link
   *     ConnectedClient#isValidClientId(String)})
   */
  void record(String accountId, String clientId, Set<String> scopes, Instant at);

  /** The account's connected clients, most recently used first, at most {@value #MAX_LISTED}. */
  List<ConnectedClient> list(String accountId);

  /** The account's entry for {@code clientId}, if recorded. */
  Optional<ConnectedClient> find(String accountId, String clientId);

  /**
   * Removes the account's entry for {@code clientId}; a later use records it afresh.
   *
   * @return {@code false} when there was no such entry
   */
  boolean remove(String accountId, String clientId);

  /**
   * A thread-safe store in this JVM's memory: entries do not survive a restart nor reach other
   * nodes.
   */
  static ConnectionStore inMemory() {
    return new InMemoryConnectionStore();
  }
}
