package dev.tollgate.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Caches what another {@link CredentialResolver} made of each credential, and lets concurrent
 * requests with the same new credential share one call to it (single flight).
 *
 * <ul>
 *   <li>Keys are the credential's SHA-256 ({@link Credential#sha256Hex()}, held as 32 bytes): the
 *       cache never holds a credential.
 *   <li>A principal is served until the earlier of its {@code expiresAt} and {@link
 *       Builder#maxLifetime(Duration)} (default 5 minutes, so a revocation at the issuer is seen
 *       within that bound even for long-lived tokens); a principal whose expiry has passed is never
 *       served, whatever the maximum.
 *   <li>Refusals ({@link Resolution.Invalid}, {@link Resolution.NotMine}) are kept for {@link
 *       Builder#rejectedLifetime(Duration)} (default 10 seconds), so a client hammering with a bad
 *       token does not hammer the authorization server too.
 *   <li>{@link Resolution.Unavailable} is never kept: the first request after a dependency recovers
 *       asks it again.
 * </ul>
 */
public final class CachingCredentialResolver implements CredentialResolver {
  /** Default upper bound on how long a principal is served from the cache. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(5);

  /**
   * Default lifetime of a cached refusal: long enough to absorb retries, short enough to forgive.
   */
  public static final Duration DEFAULT_REJECTED_LIFETIME = Duration.ofSeconds(10);

  /** Default entry bound: about 100,000 principals take tens of megabytes, not gigabytes. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  private final CredentialResolver delegate;
  private final AsyncCache<CredentialKey, Resolution> cache;
  private final Clock clock;

  private CachingCredentialResolver(Builder builder) {
    this.delegate = builder.delegate;
    this.clock = builder.clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(builder.maximumSize)
            .expireAfter(new ResolutionExpiry(builder.maxLifetime, builder.rejectedLifetime, clock))
            .ticker(builder.ticker)
            // Maintenance runs on the calling thread: no hidden pool to size or to starve.
            .executor(Runnable::run)
            .recordStats()
            .buildAsync();
  }

  /** Wraps {@code delegate} with the default lifetimes and size. */
  public static CachingCredentialResolver of(CredentialResolver delegate) {
    return builder(delegate).build();
  }

  /** Starts a cache in front of {@code delegate}. */
  public static Builder builder(CredentialResolver delegate) {
    return new Builder(delegate);
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    CredentialKey key = CredentialKey.of(credential);
    // A hit allocates nothing; only a miss makes the future that concurrent requests then share.
    CompletableFuture<Resolution> cached = cache.getIfPresent(key);
    if (cached != null) {
      return served(key, cached);
    }
    CompletableFuture<Resolution> mine = new CompletableFuture<>();
    CompletableFuture<Resolution> shared = cache.asMap().putIfAbsent(key, mine);
    if (shared != null) {
      return served(key, shared);
    }
    Resolution resolution;
    try {
      resolution = Objects.requireNonNull(delegate.resolve(credential), "resolver returned null");
    } catch (RuntimeException | Error e) {
      cache.asMap().remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    if (resolution instanceof Resolution.Unavailable) {
      // Removed before completing: requests already waiting share this outage, later ones retry.
      cache.asMap().remove(key, mine);
    }
    mine.complete(resolution);
    return resolution;
  }

  private Resolution served(CredentialKey key, CompletableFuture<Resolution> shared) {
    Resolution resolution;
    try {
      resolution = shared.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
    if (resolution instanceof Resolution.Resolved resolved) {
      // The ticker and the clock may disagree; the principal's own expiry has the last word.
      Instant expiresAt = resolved.principal().expiresAt();
      if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
        cache.asMap().remove(key, shared);
        return Resolution.invalid("The access token has expired");
      }
    }
    return resolution;
  }

  /** Forgets what is cached for {@code credential}, e.g. right after revoking it. */
  public void invalidate(Credential credential) {
    cache.synchronous().invalidate(CredentialKey.of(credential));
  }

  /** Forgets everything. */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  /** Hit and miss counts since creation, and the current number of entries. */
  public Stats stats() {
    var stats = cache.synchronous().stats();
    return new Stats(stats.hitCount(), stats.missCount(), cache.synchronous().estimatedSize());
  }

  /** The cache keys, for tests that prove no credential is held. */
  Set<String> keys() {
    return cache.asMap().keySet().stream().map(CredentialKey::toHex).collect(Collectors.toSet());
  }

  /** Runs pending evictions now, for tests that assert on the size bound. */
  void cleanUp() {
    cache.synchronous().cleanUp();
  }

  @Override
  public String toString() {
    return "CachingCredentialResolver[" + delegate + "]";
  }

  /**
   * Cache counters.
   *
   * @param hitCount lookups answered from the cache (including requests that joined an in-flight
   *     call)
   * @param missCount lookups that found nothing cached; concurrent misses for one credential still
   *     make one call to the wrapped resolver
   * @param size approximate number of entries now held
   */
  public record Stats(long hitCount, long missCount, long size) {}

  /** Builds a {@link CachingCredentialResolver}; validated once, in {@link #build()}. */
  public static final class Builder {
    private final CredentialResolver delegate;
    private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
    private Duration rejectedLifetime = DEFAULT_REJECTED_LIFETIME;
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Ticker ticker = Ticker.systemTicker();
    private Clock clock = Clock.systemUTC();

    private Builder(CredentialResolver delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    }

    /** Upper bound on how long a principal is served; default 5 minutes. */
    public Builder maxLifetime(Duration maxLifetime) {
      Objects.requireNonNull(maxLifetime, "maxLifetime == null");
      if (maxLifetime.isNegative() || maxLifetime.isZero()) {
        throw new IllegalArgumentException("maxLifetime must be positive, was " + maxLifetime);
      }
      this.maxLifetime = maxLifetime;
      return this;
    }

    /** How long a refusal is served; default 10 seconds; zero caches no refusals. */
    public Builder rejectedLifetime(Duration rejectedLifetime) {
      Objects.requireNonNull(rejectedLifetime, "rejectedLifetime == null");
      if (rejectedLifetime.isNegative()) {
        throw new IllegalArgumentException(
            "rejectedLifetime must not be negative, was " + rejectedLifetime);
      }
      this.rejectedLifetime = rejectedLifetime;
      return this;
    }

    /** Most entries held; default 100,000. */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** Time source for entry lifetimes; default {@link Ticker#systemTicker()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker == null");
      return this;
    }

    /** Wall clock compared with principals' {@code expiresAt}; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public CachingCredentialResolver build() {
      return new CachingCredentialResolver(this);
    }
  }
}
