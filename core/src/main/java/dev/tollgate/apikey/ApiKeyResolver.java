package dev.tollgate.apikey;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.CredentialResolver;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.bearer.BearerError;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves API keys sent as {@code Authorization: Bearer <key>} (RFC 6750 §2.1), the same header as
 * OAuth access tokens, to the owning account.
 *
 * <ul>
 *   <li>A credential without the format's prefix is {@linkplain Resolution#notMine() not mine}, so
 *       this resolver chains with the JWT and introspection resolvers.
 *   <li>A malformed key (length, alphabet, checksum) is refused without touching the store: typos
 *       and garbage cost no database round trip.
 *   <li>Unknown, revoked, renewed-away and wrong keys all get the same {@value #INVALID}, so the
 *       answer reveals nothing about which keys exist.
 *   <li>A store outage is {@linkplain Resolution#unavailable(String) unavailable} ({@value
 *       JdbcApiKeyStore#DEPENDENCY}, 503), never 401.
 * </ul>
 *
 * <p>The store is asked on every call, so renewal and revocation bite at once; caching belongs in a
 * decorator that is invalidated with them. The principal carries the account as subject and
 * account, kind {@link CredentialKind#API_KEY}, no client, the configured scopes (only MCP scopes:
 * a key must never manage its own account), the key's creation as {@code issuedAt} and its display
 * prefix as {@code tokenId}.
 */
public final class ApiKeyResolver implements CredentialResolver {
  static final String MALFORMED = "The API key is malformed";
  static final String INVALID = "The API key is invalid";

  /** Keys whose resolution is remembered at most (about 250 bytes each). */
  static final int REMEMBERED_KEYS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(ApiKeyResolver.class);

  private final ApiKeyStore store;
  private final ApiKeyFormat format;
  private final Set<String> scopes;
  private final Clock clock;
  private final long lastUseIntervalMillis;
  private final ConcurrentHashMap<String, Remembered> resolutions = new ConcurrentHashMap<>();

  private ApiKeyResolver(Builder builder, Set<String> scopes) {
    this.store = builder.store;
    this.format = builder.format;
    this.scopes = scopes;
    this.clock = builder.clock;
    this.lastUseIntervalMillis = builder.lastUseInterval.toMillis();
  }

  /** Starts a resolver over {@code store}; {@link Builder#scopes(Set)} is required. */
  public static Builder builder(ApiKeyStore store) {
    return new Builder(store);
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    if (!credential.startsWith(format.prefix())) {
      return Resolution.notMine();
    }
    if (!format.isWellFormed(credential.value())) {
      return Resolution.invalid(MALFORMED);
    }
    // The credential's own hash: computed once per request, shared with the audit fingerprint.
    byte[] hash = credential.sha256();
    Optional<ApiKeyRecord> found;
    try {
      found = store.findBySha256(hash);
    } catch (DependencyUnavailableException e) {
      log.warn("API key store unavailable: {}", e.getMessage());
      Duration hint = e.retryAfter();
      return hint != null
          ? Resolution.unavailable(JdbcApiKeyStore.DEPENDENCY, hint)
          : Resolution.unavailable(JdbcApiKeyStore.DEPENDENCY);
    } catch (RuntimeException e) {
      log.error("API key store failed unexpectedly; answering unavailable", e);
      return Resolution.unavailable(JdbcApiKeyStore.DEPENDENCY);
    }
    if (found.isEmpty()) {
      return Resolution.invalid(INVALID);
    }
    ApiKeyRecord record = found.get();
    Remembered known = remembered(record);
    // The store found the record by this hash; checked again, in constant time, so that a store
    // answering with another key's record cannot let a credential through.
    if (!MessageDigest.isEqual(known.keyHash, hash)) {
      return Resolution.invalid(INVALID);
    }
    recordUseIfDue(record);
    return known.resolution;
  }

  /** A verified key's hash as bytes and the answer for it. */
  private static final class Remembered {
    private final byte[] keyHash;
    private final Resolution.Resolved resolution;

    Remembered(byte[] keyHash, Resolution.Resolved resolution) {
      this.keyHash = keyHash;
      this.resolution = resolution;
    }
  }

  /**
   * What a record's key resolves to, built once per key and then reused: a key's principal never
   * changes (renewal issues a new key, with a new hash), and the store is still asked on every
   * request, so reuse loses no revocation or renewal. Kept by key hash, never the key; bounded by
   * {@value #REMEMBERED_KEYS} keys, forgotten all at once when full.
   */
  private Remembered remembered(ApiKeyRecord record) {
    Remembered known = resolutions.get(record.keyHash());
    if (known != null && describes(known.resolution.principal(), record)) {
      return known;
    }
    Remembered built =
        new Remembered(
            HexFormat.of().parseHex(record.keyHash()),
            new Resolution.Resolved(
                TollgatePrincipal.builder(record.accountId())
                    .subject(record.accountId())
                    .clientId(null)
                    .scopes(scopes)
                    .issuedAt(record.createdAt())
                    .tokenId(record.displayPrefix())
                    .kind(CredentialKind.API_KEY)
                    .build()));
    if (resolutions.size() >= REMEMBERED_KEYS) {
      resolutions.clear();
    }
    resolutions.put(record.keyHash(), built);
    return built;
  }

  /** How many keys' answers are remembered now. */
  int rememberedKeys() {
    return resolutions.size();
  }

  /** Whether {@code principal} was built from a record with {@code record}'s key and account. */
  private static boolean describes(TollgatePrincipal principal, ApiKeyRecord record) {
    return principal.accountId().equals(record.accountId())
        && record.createdAt().equals(principal.issuedAt())
        && record.displayPrefix().equals(principal.tokenId());
  }

  // Last use is bookkeeping for the account UI, not a security decision: the key was verified, so
  // a failed write is logged and the request goes on.
  // Stores keep milliseconds, so the interval is compared in them (and no Instant is made unless
  // a write is due).
  private void recordUseIfDue(ApiKeyRecord record) {
    long now = clock.millis();
    @Nullable Instant last = record.lastUsedAt();
    if (last != null && now - last.toEpochMilli() < lastUseIntervalMillis) {
      return;
    }
    try {
      store.recordUse(record.keyHash(), Instant.ofEpochMilli(now));
    } catch (RuntimeException e) {
      log.warn("Could not record API key use for key {}: {}", record.displayPrefix(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "ApiKeyResolver[" + format.prefix() + ", " + store + "]";
  }

  /** Configures an {@link ApiKeyResolver}; validated in {@link #build()}. */
  public static final class Builder {
    private final ApiKeyStore store;
    private ApiKeyFormat format = ApiKeyFormat.defaultFormat();
    private @Nullable Set<String> scopes;
    private Clock clock = Clock.systemUTC();
    private Duration lastUseInterval = Duration.ofMinutes(1);

    private Builder(ApiKeyStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
    }

    /** The key format, default {@link ApiKeyFormat#defaultFormat()}; the service must share it. */
    public Builder format(ApiKeyFormat format) {
      this.format = Objects.requireNonNull(format, "format == null");
      return this;
    }

    /**
     * The scopes every API key is granted (RFC 6749 §3.3 scope-tokens), e.g. {@code Set.of("mcp")}.
     * Required: name only the MCP scopes, never account-management ones, so a leaked key cannot
     * renew itself or touch billing.
     */
    public Builder scopes(Set<String> scopes) {
      Objects.requireNonNull(scopes, "scopes == null");
      for (String scope : scopes) {
        if (scope == null || !BearerError.isScopeToken(scope)) {
          throw new IllegalArgumentException("scopes: not a valid scope token: '" + scope + "'");
        }
      }
      this.scopes = Set.copyOf(scopes);
      return this;
    }

    /** The clock that stamps last use, default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * How often at most a key's last use is written, default one minute: every request reads the
     * store, but only one a minute per key writes, which is as fine as an account UI needs. Zero
     * writes on every request.
     */
    public Builder lastUseInterval(Duration lastUseInterval) {
      Objects.requireNonNull(lastUseInterval, "lastUseInterval == null");
      if (lastUseInterval.isNegative()) {
        throw new IllegalArgumentException(
            "lastUseInterval must not be negative, was " + lastUseInterval);
      }
      this.lastUseInterval = lastUseInterval;
      return this;
    }

    public ApiKeyResolver build() {
      Set<String> configured = scopes;
      if (configured == null || configured.isEmpty()) {
        throw new IllegalStateException(
            "scopes is required: the MCP scopes API keys are granted, e.g. Set.of(\"mcp\")");
      }
      return new ApiKeyResolver(this, configured);
    }
  }
}
