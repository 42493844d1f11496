package dev.tollgate.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.CredentialKind;
import dev.tollgate.TollgatePrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Maps verified claims to a {@link TollgatePrincipal} (RFC 9068 §2.2, RFC 8693 §4.2 for {@code
 * scope}). Scopes come from {@code scope} (space-separated), or else from {@code scp} (an array or
 * a space-separated string, as several servers emit). A claim of the wrong JSON type makes the
 * token malformed rather than silently granting less or more.
 */
final class AccessTokenClaimsMapper {
  /** Claims that become principal fields and so are not repeated among the attributes. */
  private static final Set<String> MAPPED =
      Set.of("sub", "client_id", "scope", "scp", "iat", "auth_time", "exp", "jti");

  /**
   * Distinct {@code scope} strings whose parsed sets are shared, and distinct client ids. Clients
   * ask for a few scope combinations and a deployment has few clients, so a small table covers
   * them; past it each token simply gets its own copy.
   */
  static final int MAX_SHARED_SCOPE_SETS = 1_024;

  private final @Nullable Set<String> attributeClaims;
  private final String accountIdClaim;
  private final String issuer;
  private final String audience;
  private final List<String> audienceList;
  private final Map<String, Set<String>> scopeSets = new ConcurrentHashMap<>();
  private final Map<String, String> clientIds = new ConcurrentHashMap<>();

  /**
   * {@code issuer} and {@code audience} are the verified values: every token carries them, so the
   * principal's attributes share these instances rather than each holding its own copy.
   */
  AccessTokenClaimsMapper(String accountIdClaim, String issuer, String audience) {
    this(accountIdClaim, issuer, audience, null);
  }

  /**
   * As above; when {@code attributeClaims} is not null, only those claims become attributes, so a
   * cached principal does not carry profile claims nobody reads.
   */
  AccessTokenClaimsMapper(
      String accountIdClaim, String issuer, String audience, @Nullable Set<String> attributeClaims) {
    this.attributeClaims = attributeClaims == null ? null : Set.copyOf(attributeClaims);
    this.accountIdClaim = accountIdClaim;
    this.issuer = issuer;
    this.audience = audience;
    this.audienceList = List.of(audience);
  }

  TollgatePrincipal toPrincipal(JWTClaimsSet claims) throws TokenRejectedException {
    Map<String, Object> all = claims.getClaims();
    String subject = requiredString(all.get("sub"));
    String accountId = accountId(all.get(accountIdClaim));
    String clientId = optionalString(all.get("client_id"));
    if (clientId == null) {
      clientId = optionalString(all.get("azp"));
    }
    if (clientId != null) {
      clientId = sharedClientId(clientId);
    }
    return TollgatePrincipal.builder(accountId)
        .subject(subject)
        .clientId(clientId)
        .scopes(scopes(all))
        .issuedAt(instant(claims.getIssueTime()))
        .authTime(authTime(claims))
        .expiresAt(instant(claims.getExpirationTime()))
        .tokenId(optionalString(all.get("jti")))
        .kind(CredentialKind.ACCESS_TOKEN)
        .attributes(attributes(all))
        .build();
  }

  private Set<String> scopes(Map<String, Object> claims) throws TokenRejectedException {
    Object scope = claims.get("scope");
    if (scope != null) {
      if (!(scope instanceof String text)) {
        throw new TokenRejectedException(RejectReason.MALFORMED);
      }
      return sharedScopes(text);
    }
    Object scp = claims.get("scp");
    if (scp == null) {
      return Set.of();
    }
    if (scp instanceof String text) {
      return split(text);
    }
    if (scp instanceof List<?> list) {
      Set<String> scopes = new LinkedHashSet<>();
      for (Object item : list) {
        if (!(item instanceof String text) || text.isEmpty()) {
          throw new TokenRejectedException(RejectReason.MALFORMED);
        }
        scopes.add(text);
      }
      return scopes;
    }
    throw new TokenRejectedException(RejectReason.MALFORMED);
  }

  /** Cached principals of one client share its id; a deployment has few clients, tokens many. */
  private String sharedClientId(String clientId) {
    String shared = clientIds.get(clientId);
    if (shared != null) {
      return shared;
    }
    if (clientIds.size() < MAX_SHARED_SCOPE_SETS) {
      String raced = clientIds.putIfAbsent(clientId, clientId);
      return raced != null ? raced : clientId;
    }
    return clientId;
  }

  /** Cached principals hold one immutable set per distinct scope string, not one per token. */
  private Set<String> sharedScopes(String scope) {
    Set<String> shared = scopeSets.get(scope);
    if (shared != null) {
      return shared;
    }
    Set<String> parsed = Set.copyOf(split(scope));
    if (scopeSets.size() < MAX_SHARED_SCOPE_SETS) {
      Set<String> raced = scopeSets.putIfAbsent(scope, parsed);
      return raced != null ? raced : parsed;
    }
    return parsed;
  }

  private static Set<String> split(String scope) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String token : scope.split(" ")) {
      if (!token.isEmpty()) {
        scopes.add(token);
      }
    }
    return scopes;
  }

  private static String accountId(@Nullable Object value) throws TokenRejectedException {
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    return requiredString(value);
  }

  private static String requiredString(@Nullable Object value) throws TokenRejectedException {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new TokenRejectedException(RejectReason.MISSING_CLAIM);
    }
    return text;
  }

  private static @Nullable String optionalString(@Nullable Object value)
      throws TokenRejectedException {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new TokenRejectedException(RejectReason.MALFORMED);
    }
    return text;
  }

  /**
   * OpenID Connect Core §2: a NumericDate. Any other JSON type makes the token malformed, so no
   * token passes a disconnection check with an {@code auth_time} nobody can compare.
   */
  private static @Nullable Instant authTime(JWTClaimsSet claims) throws TokenRejectedException {
    try {
      return instant(claims.getDateClaim("auth_time"));
    } catch (java.text.ParseException e) {
      throw new TokenRejectedException(RejectReason.MALFORMED);
    }
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }

  private Map<String, Object> attributes(Map<String, Object> claims) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    claims.forEach(
        (name, value) -> {
          if (MAPPED.contains(name) || (attributeClaims != null && !attributeClaims.contains(name))) {
            return;
          }
          Object plain = shared(name, plain(value));
          if (plain != null) {
            attributes.put(name, plain);
          }
        });
    return attributes;
  }

  /** The configured instance in place of an equal verified {@code iss} or {@code aud} value. */
  private @Nullable Object shared(String name, @Nullable Object value) {
    if ("iss".equals(name) && issuer.equals(value)) {
      return issuer;
    }
    if ("aud".equals(name)) {
      if (audience.equals(value)) {
        return audience;
      }
      if (audienceList.equals(value)) {
        return audienceList;
      }
    }
    return value;
  }

  /** Immutable plain Java values; JSON nulls are dropped because immutable collections refuse them. */
  private static @Nullable Object plain(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (key, item) -> {
            Object plain = plain(item);
            if (key != null && plain != null) {
              copy.put(key.toString(), plain);
            }
          });
      return Map.copyOf(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        Object plain = plain(item);
        if (plain != null) {
          copy.add(plain);
        }
      }
      return List.copyOf(copy);
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }
}
