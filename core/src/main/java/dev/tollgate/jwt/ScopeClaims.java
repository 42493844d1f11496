package dev.tollgate.jwt;

import dev.tollgate.internal.JsonValues;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads scopes from the configured claims (default {@code scope}, then {@code scp}): each a
 * space-separated string (RFC 8693 §4.2, RFC 9068 §2.2.3) or a JSON array of strings (Spring
 * Authorization Server's {@code scope}, Okta's and Entra's {@code scp}, Auth0's {@code
 * permissions}, Entra's {@code roles}). The scopes of every listed claim are united. A claim of
 * another JSON type makes the token malformed rather than silently granting less or more.
 */
final class ScopeClaims {
  static final List<String> DEFAULT = List.of("scope", "scp");

  /**
   * Distinct {@code scope} strings whose parsed sets are shared. Clients ask for a few scope
   * combinations, so a small table covers them; past it each token simply gets its own copy.
   */
  static final int MAX_SHARED_SCOPE_SETS = 1_024;

  private final List<String> claims;
  private final Map<String, Set<String>> scopeSets = new ConcurrentHashMap<>();

  ScopeClaims(List<String> claims) {
    this.claims = List.copyOf(claims);
  }

  List<String> names() {
    return claims;
  }

  Set<String> read(Map<String, Object> all) throws TokenRejectedException {
    Set<String> united = null;
    Set<String> only = null;
    for (String name : claims) {
      Set<String> scopes = parse(all.get(name));
      if (scopes == null || scopes.isEmpty()) {
        continue;
      }
      if (only == null && united == null) {
        only = scopes;
      } else {
        if (united == null) {
          united = new LinkedHashSet<>(only);
        }
        united.addAll(scopes);
      }
    }
    if (united != null) {
      return Set.copyOf(united);
    }
    return only != null ? only : Set.of();
  }

  private @Nullable Set<String> parse(@Nullable Object value) throws TokenRejectedException {
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return shared(text);
    }
    if (value instanceof List<?> list) {
      Set<String> scopes = new LinkedHashSet<>();
      for (Object item : list) {
        if (!(item instanceof String text) || text.isEmpty() || text.indexOf(' ') >= 0) {
          throw new TokenRejectedException(RejectReason.MALFORMED);
        }
        scopes.add(text);
      }
      return Set.copyOf(scopes);
    }
    throw new TokenRejectedException(RejectReason.MALFORMED);
  }

  /** Cached principals hold one immutable set per distinct scope string, not one per token. */
  private Set<String> shared(String scope) {
    Set<String> shared = scopeSets.get(scope);
    if (shared != null) {
      return shared;
    }
    Set<String> parsed = split(scope);
    if (scopeSets.size() < MAX_SHARED_SCOPE_SETS) {
      Set<String> raced = scopeSets.putIfAbsent(scope, parsed);
      return raced != null ? raced : parsed;
    }
    return parsed;
  }

  private static Set<String> split(String scope) {
    return Set.copyOf(JsonValues.spaceDelimited(scope));
  }
}
