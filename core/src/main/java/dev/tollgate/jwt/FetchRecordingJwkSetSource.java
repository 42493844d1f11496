package dev.tollgate.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The innermost JWK set source: every call is a real fetch from the endpoint, and each one that
 * succeeds is recorded with the time it happened. Nimbus' caching and outage-tolerant decorators
 * above it hand back older sets without coming here, so the record is the one honest answer to "how
 * old are the keys we are trusting?".
 */
final class FetchRecordingJwkSetSource implements JWKSetSource<SecurityContext> {

  /** A JWK set and the clock time of the fetch that returned it. */
  record Fetch(JWKSet jwkSet, long at) {}

  private final JWKSetSource<SecurityContext> endpoint;
  private final Clock clock;
  private volatile @Nullable Fetch last;

  FetchRecordingJwkSetSource(JWKSetSource<SecurityContext> endpoint, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator evaluator, long currentTime, @Nullable SecurityContext context)
      throws KeySourceException {
    JWKSet jwkSet = endpoint.getJWKSet(evaluator, currentTime, context);
    // The clock, not currentTime: Nimbus' background refresh passes the system time.
    last = new Fetch(jwkSet, clock.millis());
    return jwkSet;
  }

  /** The last successful fetch, or {@code null} when none has succeeded yet. */
  @Nullable Fetch last() {
    return last;
  }

  @Override
  public void close() throws IOException {
    endpoint.close();
  }
}
