package dev.tollgate.revocation;

import dev.tollgate.TollgatePrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of every entry in effect, indexed by account, so a check is one or two map
 * lookups. Changes produce a new snapshot (copy on write): revocations are rare, checks are on
 * every request.
 */
final class RevocationSnapshot {
  static final RevocationSnapshot EMPTY = new RevocationSnapshot(Map.of());

  /**
   * A principal without {@code issuedAt} compares as issued before any revocation could have
   * happened, so any entry for its account refuses it.
   */
  private static final Instant UNKNOWN_ISSUE = Instant.MIN;

  private final Map<String, AccountEntries> byAccount;

  private RevocationSnapshot(Map<String, AccountEntries> byAccount) {
    this.byAccount = byAccount;
  }

  /** The entries of one account: the whole-account instant, if any, and one per client. */
  private record AccountEntries(@Nullable Instant wholeAccount, Map<String, Instant> byClient) {
    boolean isEmpty() {
      return wholeAccount == null && byClient.isEmpty();
    }
  }

  boolean isRevoked(TollgatePrincipal principal) {
    AccountEntries entries = byAccount.get(principal.accountId());
    if (entries == null) {
      return false;
    }
    Instant issuedAt = principal.issuedAt() != null ? principal.issuedAt() : UNKNOWN_ISSUE;
    if (entries.wholeAccount() != null && !entries.wholeAccount().isBefore(issuedAt)) {
      return true;
    }
    String clientId = principal.clientId();
    if (clientId == null) {
      return false;
    }
    Instant clientRevokedAt = entries.byClient().get(clientId);
    return clientRevokedAt != null && !clientRevokedAt.isBefore(issuedAt);
  }

  /**
   * This snapshot with {@code changes} applied in order: a revocation keeps the later of the two
   * instants for its entry, a lift removes its entry.
   */
  RevocationSnapshot with(List<RevocationChange> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    Map<String, AccountEntries> next = new HashMap<>(byAccount);
    for (RevocationChange change : changes) {
      AccountEntries current = next.get(change.accountId());
      AccountEntries updated = apply(current, change);
      if (updated == null || updated.isEmpty()) {
        next.remove(change.accountId());
      } else {
        next.put(change.accountId(), updated);
      }
    }
    return new RevocationSnapshot(Map.copyOf(next));
  }

  private static @Nullable AccountEntries apply(
      @Nullable AccountEntries current, RevocationChange change) {
    Instant wholeAccount = current != null ? current.wholeAccount() : null;
    Map<String, Instant> byClient = current != null ? current.byClient() : Map.of();
    if (change.clientId() == null) {
      wholeAccount = change.lift() ? null : later(wholeAccount, change.at());
      return new AccountEntries(wholeAccount, byClient);
    }
    Map<String, Instant> clients = new HashMap<>(byClient);
    if (change.lift()) {
      clients.remove(change.clientId());
    } else {
      clients.put(change.clientId(), later(clients.get(change.clientId()), change.at()));
    }
    return new AccountEntries(wholeAccount, Map.copyOf(clients));
  }

  private static Instant later(@Nullable Instant current, Instant candidate) {
    return current == null || candidate.isAfter(current) ? candidate : current;
  }

  List<Revocation> revocations() {
    List<Revocation> all = new ArrayList<>();
    byAccount.forEach(
        (accountId, entries) -> {
          if (entries.wholeAccount() != null) {
            all.add(new Revocation(accountId, null, entries.wholeAccount()));
          }
          entries
              .byClient()
              .forEach((clientId, at) -> all.add(new Revocation(accountId, clientId, at)));
        });
    return List.copyOf(all);
  }
}
