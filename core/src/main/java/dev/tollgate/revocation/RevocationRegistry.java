package dev.tollgate.revocation;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.RevocationCheck;
import dev.tollgate.TollgatePrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Records revocations of accounts and of connected clients, and answers the gate's {@link
 * RevocationCheck} from them.
 *
 * <p>JWTs cannot be recalled, so a credential is judged by {@code (accountId, clientId, issuedAt)}:
 * it is revoked when a revocation of its whole account, or of its (account, client) pair, has an
 * instant at or after the credential's {@code issuedAt}. A principal without {@code issuedAt} is
 * revoked by any revocation of its account (fail closed). A credential issued after a {@linkplain
 * #revokeClient(String, String, Instant) revocation} is accepted again, so a client holding a
 * refresh token comes back at its next refresh. API keys carry no client, so only a revocation of
 * the whole account reaches them; a single key is revoked by deleting it from its key store.
 *
 * <p>A {@linkplain #disconnectClient(String, String, Instant) disconnection} goes further: the
 * client stays refused until the person approves it again. A credential of the client is accepted
 * only when its {@code auth_time} (OpenID Connect Core §2; {@link TollgatePrincipal#authTime()}) is
 * after the disconnection, which a refreshed token's is not (it keeps its grant's). A credential
 * without {@code auth_time} cannot show a new approval, so it is refused until the person
 * {@linkplain #reconnectClient(String, String, Instant) reconnects} the client here.
 *
 * <p>Revocation instants are kept at millisecond precision, rounded up, so that rounding can only
 * ever refuse more. JWT {@code iat} has whole-second precision (RFC 7519 §2 NumericDate): a token
 * issued in the same second as, but just after, a revocation is refused as well; the client simply
 * obtains another one a moment later. Instants are compared across machines, so keep the
 * authorization server's and the gate's clocks synchronised.
 *
 * <p>Lookups are map reads only: implementations keep their entries in memory, so the per-request
 * check never waits on I/O. Implementations are thread-safe.
 */
public interface RevocationRegistry extends RevocationCheck {

  /**
   * Refuses every credential of {@code accountId} issued at or before {@code at}. Revoking again
   * with an earlier instant changes nothing: the latest revocation wins.
   *
   * @throws DependencyUnavailableException when the revocation could not be stored durably; it
   *     still applies on this node
   */
  void revokeAccount(String accountId, Instant at);

  /**
   * Refuses credentials that {@code clientId} obtained for {@code accountId} at or before {@code
   * at}; the account's other clients are unaffected.
   *
   * @throws DependencyUnavailableException as for {@link #revokeAccount(String, Instant)}
   */
  void revokeClient(String accountId, String clientId, Instant at);

  /**
   * Refuses {@code clientId}'s credentials for {@code accountId} until the person approves it
   * again: credentials issued at or before {@code at}, and later ones unless their {@code
   * auth_time} is after {@code at}, until {@link #reconnectClient(String, String, Instant)}.
   *
   * @throws DependencyUnavailableException as for {@link #revokeAccount(String, Instant)}
   */
  void disconnectClient(String accountId, String clientId, Instant at);

  /**
   * Ends the disconnection of {@code clientId} from {@code accountId} made at or before {@code at}:
   * from now on only its credentials issued at or before the disconnection are refused. A
   * disconnection after {@code at} is left in force, so replaying a reconnection never undoes a
   * later disconnection. Nothing happens when the client is not disconnected.
   *
   * @throws DependencyUnavailableException as for {@link #revokeAccount(String, Instant)}
   */
  void reconnectClient(String accountId, String clientId, Instant at);

  /** {@link #revokeAccount(String, Instant)} at this registry's clock's current instant. */
  default void revokeAccount(String accountId) {
    revokeAccount(accountId, clock().instant());
  }

  /** {@link #revokeClient(String, String, Instant)} at this registry's clock's current instant. */
  default void revokeClient(String accountId, String clientId) {
    revokeClient(accountId, clientId, clock().instant());
  }

  /** {@link #disconnectClient(String, String, Instant)} at this registry's clock's instant. */
  default void disconnectClient(String accountId, String clientId) {
    disconnectClient(accountId, clientId, clock().instant());
  }

  /** {@link #reconnectClient(String, String, Instant)} at this registry's clock's instant. */
  default void reconnectClient(String accountId, String clientId) {
    reconnectClient(accountId, clientId, clock().instant());
  }

  /**
   * Removes the entry for exactly {@code (accountId, clientId)} ({@code null}: the whole-account
   * entry), so credentials issued before it work again; entries for the account's individual
   * clients are untouched. Meant for correcting mistakes and for pruning entries older than the
   * longest credential lifetime.
   *
   * @throws DependencyUnavailableException as for {@link #revokeAccount(String, Instant)}
   */
  void lift(String accountId, @Nullable String clientId);

  /** The entries in effect on this node, in no particular order. */
  List<Revocation> revocations();

  /** The entries in effect on this node for {@code accountId}, in no particular order. */
  default List<Revocation> revocations(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return revocations().stream().filter(r -> r.accountId().equals(accountId)).toList();
  }

  /**
   * Whether {@code principal}'s credential was issued at or before a revocation of its account or
   * of its (account, client) pair, or belongs to a client disconnected since its {@code auth_time}
   * (or, without one, disconnected and not reconnected).
   *
   * @throws DependencyUnavailableException when the registry can no longer vouch that nothing was
   *     revoked elsewhere (503)
   */
  @Override
  boolean isRevoked(TollgatePrincipal principal);

  /** The clock that stamps revocations made without an explicit instant. */
  Clock clock();

  /** A thread-safe registry for a single node, on the system clock. Nothing is persisted. */
  static RevocationRegistry inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /** As {@link #inMemory()}, stamping revocations with {@code clock}. */
  static RevocationRegistry inMemory(Clock clock) {
    return new InMemoryRevocationRegistry(clock);
  }
}
