package dev.tollgate.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.internal.Closeables;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWK set of an issuer configured without a {@code jwks-uri}: its URL comes from {@link
 * IssuerDiscovery}, and the keys from a {@link RemoteJwkSource} for that URL.
 *
 * <p>Discovery happens on the first token, not at start-up, so an application starts while its
 * authorization server is down; until the issuer has been discovered its tokens get 503 (a {@link
 * KeySourceException}), and a failed discovery is retried at most once per retry interval, by one
 * thread while the others wait for its answer. The metadata is read again after the JWK cache TTL;
 * while that fails, the URL found before stays in use, and a changed {@code jwks_uri} starts a new
 * key source.
 *
 * <p>It owns the key sources it starts: {@link #close()} closes every one of them, and none is
 * started after it.
 */
final class DiscoveredJwkSource implements JWKSource<SecurityContext>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JwtAccessTokenResolver.class);

  private final String issuer;
  private final IssuerDiscovery discovery;
  private final Function<URI, JWKSource<SecurityContext>> keysAt;
  private final long ttlMillis;
  private final long retryMillis;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile @Nullable Found found;
  private volatile long nextAttempt = Long.MIN_VALUE;

  /** Every key source started, guarded by {@link #lock}; a replaced one may still be in use. */
  private final List<JWKSource<SecurityContext>> started = new ArrayList<>();

  private boolean closed;

  private record Found(URI jwksUri, JWKSource<SecurityContext> keys, long refreshAt) {}

  DiscoveredJwkSource(
      String issuer,
      IssuerDiscovery discovery,
      Function<URI, JWKSource<SecurityContext>> keysAt,
      Duration ttl,
      Duration retryInterval,
      Clock clock) {
    this.issuer = issuer;
    this.discovery = discovery;
    this.keysAt = keysAt;
    this.ttlMillis = ttl.toMillis();
    this.retryMillis = retryInterval.toMillis();
    this.clock = clock;
  }

  /** Closes every key source this one started (a failure is logged); idempotent. */
  @Override
  public void close() {
    List<JWKSource<SecurityContext>> sources;
    synchronized (lock) {
      closed = true;
      sources = List.copyOf(started);
      started.clear();
    }
    Closeables.closeAll(sources, log);
  }

  private JWKSource<SecurityContext> start(URI jwksUri) {
    JWKSource<SecurityContext> keys = keysAt.apply(jwksUri);
    started.add(keys);
    return keys;
  }

  @Override
  public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context)
      throws KeySourceException {
    return current().keys().get(selector, context);
  }

  private Found current() throws KeySourceException {
    Found known = found;
    if (known != null && clock.millis() < known.refreshAt()) {
      return known;
    }
    synchronized (lock) {
      long now = clock.millis();
      known = found;
      if (known != null && now < known.refreshAt()) {
        return known;
      }
      if (closed) {
        throw new KeySourceException("the JWK source of issuer " + issuer + " is closed");
      }
      if (known == null && now < nextAttempt) {
        throw new KeySourceException("issuer " + issuer + " not discovered yet; retrying shortly");
      }
      try {
        URI jwksUri = discovery.jwksUri();
        Found next =
            known != null && known.jwksUri().equals(jwksUri)
                ? new Found(jwksUri, known.keys(), now + ttlMillis)
                : new Found(jwksUri, start(jwksUri), now + ttlMillis);
        if (known == null || !known.jwksUri().equals(jwksUri)) {
          log.info("Issuer {} publishes its JWK set at {}", issuer, jwksUri);
        }
        found = next;
        return next;
      } catch (IOException e) {
        if (known != null) {
          // The URL found before is still the best knowledge; its keys have their own outage rules.
          Found kept = new Found(known.jwksUri(), known.keys(), now + retryMillis);
          found = kept;
          return kept;
        }
        nextAttempt = now + retryMillis;
        throw new KeySourceException(e.getMessage(), e);
      }
    }
  }
}
