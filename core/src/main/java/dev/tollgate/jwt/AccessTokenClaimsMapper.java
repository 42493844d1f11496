package dev.tollgate.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.CredentialKind;
import dev.tollgate.TollgatePrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Maps verified claims to a {@link TollgatePrincipal} (RFC 9068 §2.2). Scopes come from the
 * configured {@link ScopeClaims}; the account from the configured account claim (default {@code
 * sub}, Entra users want {@code oid}). A claim of the wrong JSON type makes the token malformed
 * rather than silently granting less or more.
 */
final class AccessTokenClaimsMapper {
  /** Claims that become principal fields and so are not repeated among the attributes. */
  private static final Set<String> MAPPED =
      Set.of("sub", "client_id", "iat", "auth_time", "exp", "jti");

  /** Distinct client ids shared; a deployment has few clients, so a small table covers them. */
  static final int MAX_SHARED_CLIENT_IDS = ScopeClaims.MAX_SHARED_SCOPE_SETS;

  private final @Nullable Set<String> attributeClaims;
  // The named attribute claims that are not principal fields, worked out once: the only claims a
  // token's attributes are looked up for, rather than every claim it carries.
  private final @Nullable List<String> keptClaims;
  private final Set<String> mappedClaims;
  private final String accountIdClaim;
  private final String issuer;
  private final Map<String, String> audiences;
  private final Map<String, List<String>> audienceLists;
  private final ScopeClaims scopeClaims;
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
      String accountIdClaim,
      String issuer,
      String audience,
      @Nullable Set<String> attributeClaims) {
    this(
        accountIdClaim,
        issuer,
        Set.of(audience),
        new ScopeClaims(ScopeClaims.DEFAULT),
        attributeClaims);
  }

  AccessTokenClaimsMapper(
      String accountIdClaim,
      String issuer,
      Set<String> audiences,
      ScopeClaims scopeClaims,
      @Nullable Set<String> attributeClaims) {
    this.attributeClaims = attributeClaims == null ? null : Set.copyOf(attributeClaims);
    this.accountIdClaim = accountIdClaim;
    this.issuer = issuer;
    Map<String, String> shared = new HashMap<>();
    Map<String, List<String>> lists = new HashMap<>();
    for (String audience : audiences) {
      shared.put(audience, audience);
      lists.put(audience, List.of(audience));
    }
    this.audiences = Map.copyOf(shared);
    this.audienceLists = Map.copyOf(lists);
    this.scopeClaims = scopeClaims;
    Set<String> mapped = new HashSet<>(MAPPED);
    mapped.addAll(scopeClaims.names());
    this.mappedClaims = Set.copyOf(mapped);
    this.keptClaims =
        this.attributeClaims == null
            ? null
            : this.attributeClaims.stream().filter(name -> !mapped.contains(name)).toList();
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
        .scopes(scopeClaims.read(all))
        .issuedAt(instant(claims.getIssueTime()))
        .authTime(authTime(claims))
        .expiresAt(instant(claims.getExpirationTime()))
        .tokenId(optionalString(all.get("jti")))
        .kind(CredentialKind.ACCESS_TOKEN)
        .attributes(attributes(all))
        .build();
  }

  /** Cached principals of one client share its id; a deployment has few clients, tokens many. */
  private String sharedClientId(String clientId) {
    String shared = clientIds.get(clientId);
    if (shared != null) {
      return shared;
    }
    if (clientIds.size() < MAX_SHARED_CLIENT_IDS) {
      String raced = clientIds.putIfAbsent(clientId, clientId);
      return raced != null ? raced : clientId;
    }
    return clientId;
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
    List<String> kept = keptClaims;
    if (kept == null) {
      Map<String, Object> attributes = new HashMap<>();
      claims.forEach(
          (name, value) -> {
            if (!mappedClaims.contains(name)) {
              putPlain(attributes, name, value);
            }
          });
      return attributes;
    }
    Map<String, Object> attributes = new HashMap<>();
    for (String name : kept) {
      putPlain(attributes, name, claims.get(name));
    }
    // Copied once, by the principal's builder.
    return attributes;
  }

  private void putPlain(Map<String, Object> attributes, String name, @Nullable Object value) {
    // The configured instance first: a shared value needs no plain copy.
    Object shared = shared(name, value);
    Object plain = shared != value ? shared : plain(value);
    if (plain != null) {
      attributes.put(name, plain);
    }
  }

  /** The configured instance in place of an equal verified {@code iss} or {@code aud} value. */
  private @Nullable Object shared(String name, @Nullable Object value) {
    if ("iss".equals(name) && issuer.equals(value)) {
      return issuer;
    }
    if ("aud".equals(name)) {
      if (value instanceof String text && audiences.containsKey(text)) {
        return audiences.get(text);
      }
      if (value instanceof List<?> list && list.size() == 1 && list.get(0) instanceof String only) {
        List<String> shared = audienceLists.get(only);
        if (shared != null) {
          return shared;
        }
      }
    }
    return value;
  }

  /**
   * Immutable plain Java values; JSON nulls are dropped because immutable collections refuse them.
   */
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
