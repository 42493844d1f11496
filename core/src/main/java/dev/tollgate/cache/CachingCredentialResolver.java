package dev.tollgate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.internal.Closeables;
import dev.tollgate.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>The cache owns its delegate: {@link #close()} closes it when it is {@link AutoCloseable}.
 */
public final class CachingCredentialResolver implements CredentialResolver, AutoCloseable {
  /** Default upper bound on how long a principal is served from the cache. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(5);

  /**
   * Default lifetime of a cached refusal: long enough to absorb retries, short enough to forgive.
   */
  public static final Duration DEFAULT_REJECTED_LIFETIME = Duration.ofSeconds(10);

  /** Default entry bound: about 100,000 principals take tens of megabytes, not gigabytes. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  /** Past an hour, a token revoked at the issuer stays usable here too long. */
  public static final Duration MAX_MAX_LIFETIME = Duration.ofHours(1);

  /** Refusals are cached to absorb retries; minutes would keep a just-fixed client locked out. */
  public static final Duration MAX_REJECTED_LIFETIME = Duration.ofMinutes(5);

  /** Ten million principals is gigabytes: past that, the bound no longer protects the heap. */
  public static final long MAX_MAXIMUM_SIZE = 10_000_000;

  private static final Logger log = LoggerFactory.getLogger(CachingCredentialResolver.class);

  private final CredentialResolver delegate;
  private final Cache<CredentialKey, Resolution> cache;
  private final ConcurrentMap<CredentialKey, CompletableFuture<Resolution>> inFlight =
      new ConcurrentHashMap<>();
  private final Clock clock;
  private final StatsCounter stats = new ConcurrentStatsCounter();

  private CachingCredentialResolver(Builder builder) {
    this.delegate = builder.delegate;
    this.clock = builder.clock;
    // A synchronous cache of finished resolutions, and single flight beside it: an asynchronous
    // cache would hold a future per entry and re-write every entry once its future completes
    // (to start its lifetime), which cost a fresh token a second map update and maintenance pass.
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(builder.maximumSize)
            .expireAfter(new ResolutionExpiry(builder.maxLifetime, builder.rejectedLifetime, clock))
            .ticker(builder.ticker)
            // Maintenance runs on the calling thread: no hidden pool to size or to starve.
            .executor(Runnable::run)
            .recordStats(() -> stats)
            .build();
  }

  /** Wraps {@code delegate} with the default lifetimes and size. */
  public static CachingCredentialResolver of(CredentialResolver delegate) {
    return builder(delegate).build();
  }

  /** Starts a cache in front of {@code delegate}. */
  public static Builder builder(CredentialResolver delegate) {
    return new Builder(delegate);
  }

  /**
   * The cached resolution of {@code credential}, else the delegate's, asked on the calling thread;
   * a request arriving while another asks for the same credential waits for that answer instead of
   * asking again (single flight). No thread is handed work, and a miss with no concurrent miss
   * allocates one future.
   */
  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    CredentialKey key = CredentialKey.of(credential);
    Resolution cached = cache.getIfPresent(key);
    if (cached != null) {
      return served(key, cached);
    }
    CompletableFuture<Resolution> mine = new CompletableFuture<>();
    CompletableFuture<Resolution> shared = inFlight.putIfAbsent(key, mine);
    if (shared != null) {
      return served(key, join(shared));
    }
    try {
      // Another request may have finished between the lookup above and claiming the key.
      Resolution finished = cache.policy().getIfPresentQuietly(key);
      Resolution resolution = finished != null ? finished : ask(credential);
      if (finished == null && !(resolution instanceof Resolution.Unavailable)) {
        // Cached before the key is released, so a later request finds one or the other. An
        // outage is never cached: requests already waiting share it, later ones ask again.
        cache.put(key, resolution);
      }
      inFlight.remove(key, mine);
      mine.complete(resolution);
      return finished != null ? served(key, finished) : resolution;
    } catch (RuntimeException | Error e) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * The cached resolution of {@code credential}, or null: read from its hash alone, counted as a
   * hit when found (a miss is counted by the {@link #resolve} that follows it).
   */
  @Override
  public @Nullable Resolution known(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    CredentialKey key = CredentialKey.of(credential);
    // asMap().get keeps the entry's place in the eviction policy as getIfPresent does, without
    // counting a miss that resolve would count again.
    Resolution cached = cache.asMap().get(key);
    if (cached == null) {
      return null;
    }
    stats.recordHits(1);
    return served(key, cached);
  }

  private Resolution ask(Credential credential) {
    return Objects.requireNonNull(delegate.resolve(credential), "resolver returned null");
  }

  private static Resolution join(CompletableFuture<Resolution> shared) {
    try {
      return shared.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private Resolution served(CredentialKey key, Resolution resolution) {
    if (resolution instanceof Resolution.Resolved resolved) {
      // The ticker and the clock may disagree; the principal's own expiry has the last word.
      Instant expiresAt = resolved.principal().expiresAt();
      if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
        cache.asMap().remove(key, resolution);
        return Resolution.invalid("The access token has expired");
      }
    }
    return resolution;
  }

  /** Forgets what is cached for {@code credential}, e.g. right after revoking it. */
  public void invalidate(Credential credential) {
    cache.invalidate(CredentialKey.of(credential));
  }

  /** Forgets everything. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** Hit and miss counts since creation, and the current number of entries. */
  public Stats stats() {
    var stats = cache.stats();
    return new Stats(stats.hitCount(), stats.missCount(), cache.estimatedSize());
  }

  /** The cache keys, for tests that prove no credential is held. */
  Set<String> keys() {
    return cache.asMap().keySet().stream().map(CredentialKey::toHex).collect(Collectors.toSet());
  }

  /** Runs pending evictions now, for tests that assert on the size bound. */
  void cleanUp() {
    cache.cleanUp();
  }

  /**
   * Closes the wrapped resolver when it is {@link AutoCloseable} (a failure is logged, not thrown);
   * the cache itself holds no thread.
   */
  @Override
  public void close() {
    Closeables.closeAll(List.of(delegate), log);
  }

  @Override
  public String toString() {
    return "CachingCredentialResolver[" + delegate + "]";
  }

  /**
   * Cache counters.
   *
   * @param hitCount lookups answered from the cache
   * @param missCount lookups that found nothing cached, including requests that then joined a
   *     concurrent miss's call: concurrent misses for one credential still make one call to the
   *     wrapped resolver
   * @param size approximate number of entries now held
   */
  public record Stats(long hitCount, long missCount, long size) {}

  /** Builds a {@link CachingCredentialResolver}; validated once, in {@link #build()}. */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
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
      once.set("maxLifetime", maxLifetime);
      Objects.requireNonNull(maxLifetime, "maxLifetime == null");
      if (maxLifetime.isNegative()
          || maxLifetime.isZero()
          || maxLifetime.compareTo(MAX_MAX_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            "maxLifetime must be positive and at most "
                + MAX_MAX_LIFETIME
                + ", was "
                + maxLifetime);
      }
      this.maxLifetime = maxLifetime;
      return this;
    }

    /** How long a refusal is served; default 10 seconds; zero caches no refusals. */
    public Builder rejectedLifetime(Duration rejectedLifetime) {
      once.set("rejectedLifetime", rejectedLifetime);
      Objects.requireNonNull(rejectedLifetime, "rejectedLifetime == null");
      if (rejectedLifetime.isNegative() || rejectedLifetime.compareTo(MAX_REJECTED_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            "rejectedLifetime must be 0 to " + MAX_REJECTED_LIFETIME + ", was " + rejectedLifetime);
      }
      this.rejectedLifetime = rejectedLifetime;
      return this;
    }

    /** Most entries held; default 100,000. */
    public Builder maximumSize(long maximumSize) {
      once.set("maximumSize", maximumSize);
      if (maximumSize < 1 || maximumSize > MAX_MAXIMUM_SIZE) {
        throw new IllegalArgumentException(
            "maximumSize must be 1 to " + MAX_MAXIMUM_SIZE + ", was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** Time source for entry lifetimes; default {@link Ticker#systemTicker()}. */
    public Builder ticker(Ticker ticker) {
      once.set("ticker", ticker);
      this.ticker = Objects.requireNonNull(ticker, "ticker == null");
      return this;
    }

    /** Wall clock compared with principals' {@code expiresAt}; default system UTC. */
    public Builder clock(Clock clock) {
      once.set("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public CachingCredentialResolver build() {
      return new CachingCredentialResolver(this);
    }
  }
}
