package dev.tollgate.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A remote JWK set (RFC 7517 §5) behind Nimbus' decorators: cache, refresh-ahead, rate limit and
 * outage tolerance, driven by an injected {@link Clock}.
 *
 * <p>It replaces Nimbus' {@code JWKSetBasedJWKSource} for two reasons. Time comes from the clock
 * (Nimbus' decorators take the current time as an argument; its outer source reads the system
 * clock). And a token with an unknown {@code kid} may trigger a refetch at most once per refetch
 * interval, whoever sends it: Nimbus' own limiter admits two fetches per window and, once reached,
 * throws a {@link KeySourceException} that would read as an outage although keys are cached. Here a
 * refused refetch answers from the last fetched set, so an unknown key is the token's fault (401)
 * and a missing JWK set is the dependency's fault (503).
 *
 * <p>Keys are trusted for at most the cache TTL plus the outage tolerance after the last fetch that
 * really reached the endpoint ({@link FetchRecordingJwkSetSource}); cache hits and stale sets
 * handed back during an outage do not extend that. Past it, every request fails with a {@link
 * KeySourceException} (503) until a fetch succeeds.
 *
 * <p>{@link #close()} stops the refresh thread ({@value #REFRESH_THREAD}); its resolver closes it.
 */
final class RemoteJwkSource implements JWKSource<SecurityContext>, AutoCloseable {
  /** The name of the thread that refreshes the JWK set ahead of its expiry. */
  static final String REFRESH_THREAD = "tollgate-jwks-refresh";

  /** JWK sets are a few KiB; 256 KiB leaves room for large rotations yet bounds a hostile reply. */
  static final int MAX_JWKS_BYTES = 256 * 1024;

  /** Refresh a little before expiry so requests rarely wait for a fetch. */
  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

  /**
   * How often fetches may be retried while no JWK set could be fetched (Nimbus' limiter admits two
   * per window). Unknown-kid refetches are bounded separately, at the refetch interval, by {@link
   * #claimRefetch}; this bound only keeps an outage from becoming a request per request, and is
   * short so that the first request after the endpoint recovers is served, not refused for a whole
   * refetch interval.
   */
  static final Duration FETCH_RETRY_INTERVAL = Duration.ofSeconds(2);

  private final JWKSetSource<SecurityContext> source;
  private final FetchRecordingJwkSetSource endpoint;
  private final Clock clock;
  private final long refetchIntervalMillis;
  private final AtomicLong lastRefetch = new AtomicLong(Long.MIN_VALUE);
  private final long usableMillis;

  private RemoteJwkSource(
      JWKSetSource<SecurityContext> source,
      FetchRecordingJwkSetSource endpoint,
      Clock clock,
      Duration refetchInterval,
      long usableMillis) {
    this.source = source;
    this.endpoint = endpoint;
    this.clock = clock;
    this.refetchIntervalMillis = refetchInterval.toMillis();
    this.usableMillis = usableMillis;
  }

  static RemoteJwkSource create(
      URI jwksUri,
      Duration timeout,
      Duration ttl,
      Duration refetchInterval,
      Duration outageTolerance,
      Clock clock) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    DefaultResourceRetriever retriever =
        new DefaultResourceRetriever(timeoutMillis, timeoutMillis, MAX_JWKS_BYTES);
    long ttlMillis = ttl.toMillis();
    // Nimbus requires refresh-ahead + refresh wait <= TTL; a quarter each keeps that for short
    // TTLs.
    long refreshAhead = Math.min(REFRESH_AHEAD.toMillis(), ttlMillis / 4);
    long refreshWait = Math.max(1, Math.min(2L * timeoutMillis, ttlMillis / 4));
    ExecutorService refresher =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, REFRESH_THREAD);
              thread.setDaemon(true);
              return thread;
            });
    FetchRecordingJwkSetSource endpoint;
    try {
      endpoint =
          new FetchRecordingJwkSetSource(
              new URLBasedJWKSetSource<>(jwksUri.toURL(), retriever), clock);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("jwksUri is not a valid URL", e);
    }
    // No Nimbus outage tolerance: its window restarts whenever its cache re-stores a stale set, so
    // the tolerance is enforced here instead, from the last fetch that reached the endpoint.
    JWKSource<SecurityContext> built =
        JWKSourceBuilder.create(endpoint)
            .cache(ttlMillis, refreshWait)
            .refreshAheadCache(refreshAhead, null, refresher, true, null, false)
            .rateLimited(Math.min(refetchInterval.toMillis(), FETCH_RETRY_INTERVAL.toMillis()))
            .outageTolerant(false)
            .retrying(false)
            .build();
    if (!(built instanceof JWKSetBasedJWKSource<SecurityContext> setBased)) {
      throw new IllegalStateException(
          "JWKSourceBuilder without failover builds a JWKSetBasedJWKSource");
    }
    return new RemoteJwkSource(
        setBased.getJWKSetSource(),
        endpoint,
        clock,
        refetchInterval,
        ttlMillis + outageTolerance.toMillis());
  }

  @Override
  public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context)
      throws KeySourceException {
    long now = clock.millis();
    FetchRecordingJwkSetSource.Fetch before = endpoint.last();
    JWKSet jwkSet = fetch(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
    List<JWK> keys = selector.select(jwkSet);
    // Identity on purpose: every fetch records a new Fetch, equal to the last one or not.
    @SuppressWarnings("ReferenceEquality")
    boolean justFetched = before != endpoint.last();
    if (!keys.isEmpty() || justFetched || !claimRefetch(now)) {
      // A set fetched by this very call is as fresh as a refetch would be.
      return keys;
    }
    return selector.select(
        fetch(JWKSetCacheRefreshEvaluator.referenceComparison(jwkSet), now, context));
  }

  /**
   * Stops the refresh-ahead thread (Nimbus shuts its executor down when its cache is closed).
   * Idempotent.
   */
  @Override
  public void close() throws IOException {
    source.close();
  }

  /** One unknown-kid refetch per interval across all threads; the rest see the cached set. */
  private boolean claimRefetch(long now) {
    long last = lastRefetch.get();
    if (last != Long.MIN_VALUE && now - last < refetchIntervalMillis) {
      return false;
    }
    return lastRefetch.compareAndSet(last, now);
  }

  /**
   * The decorated source's set, as long as the last real fetch is recent enough to trust it; a
   * failed or refused (rate-limited) fetch answers from that last real fetch while it is.
   */
  private JWKSet fetch(
      JWKSetCacheRefreshEvaluator evaluator, long now, @Nullable SecurityContext context)
      throws KeySourceException {
    JWKSet jwkSet;
    try {
      jwkSet = source.getJWKSet(evaluator, now, context);
    } catch (KeySourceException e) {
      // A failed or rate-limited fetch: the outage tolerance, measured from the last real fetch.
      return requireUsable(now, e).jwkSet();
    }
    requireUsable(now, null);
    return jwkSet;
  }

  private FetchRecordingJwkSetSource.Fetch requireUsable(
      long now, @Nullable KeySourceException cause) throws KeySourceException {
    FetchRecordingJwkSetSource.Fetch last = endpoint.last();
    if (last == null || now - last.at() >= usableMillis) {
      if (cause != null) {
        throw cause;
      }
      throw new KeySourceException("The JWK set has not been fetched within its usable lifetime");
    }
    return last;
  }
}
