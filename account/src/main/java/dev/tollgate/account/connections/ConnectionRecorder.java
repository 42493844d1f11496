package dev.tollgate.account.connections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.CredentialKind;
import dev.tollgate.TollgatePrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records allowed requests in a {@link ConnectionStore}, cheaply enough for the request path.
 *
 * <ul>
 *   <li>Only OAuth access tokens with a {@code client_id} are connections; API keys and client-less
 *       tokens are ignored.
 *   <li>Writes are throttled per (account, client): at most one per {@linkplain
 *       Builder#minimumInterval(Duration) minimum interval} (default one minute, as fine as a "last
 *       used" column needs), except that a scope not yet written is written at once, so the listed
 *       scopes are never behind.
 *   <li>{@link #record} never throws: a store failure is logged (ids only, never a credential) and
 *       the request goes on. A failed write still counts against the throttle, so a store that is
 *       down is tried at most once per interval per pair instead of on every request.
 * </ul>
 *
 * <p>The throttle remembers at most {@linkplain Builder#maximumTracked(long) a bounded number} of
 * pairs (default {@value #DEFAULT_MAXIMUM_TRACKED}); one forgotten is merely written again.
 * Instances are thread-safe.
 */
public final class ConnectionRecorder {
  /** The default bound of (account, client) pairs the throttle remembers: a few megabytes. */
  public static final long DEFAULT_MAXIMUM_TRACKED = 100_000;

  /** The default minimum interval between two writes for one (account, client) pair. */
  public static final Duration DEFAULT_MINIMUM_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ConnectionRecorder.class);

  private final ConnectionStore store;
  private final Clock clock;
  private final Duration minimumInterval;
  private final Cache<Pair, Written> written;

  private record Pair(String accountId, String clientId) {}

  private record Written(Instant at, Set<String> scopes) {}

  private ConnectionRecorder(Builder builder) {
    this.store = builder.store;
    this.clock = builder.clock;
    this.minimumInterval = builder.minimumInterval;
    this.written = Caffeine.newBuilder().maximumSize(builder.maximumTracked).build();
  }

  /** Starts a recorder over {@code store}. */
  public static Builder builder(ConnectionStore store) {
    return new Builder(store);
  }

  /** The store this recorder writes to; the account endpoints read and remove through it. */
  public ConnectionStore store() {
    return store;
  }

  /**
   * Records that {@code principal}'s client acted for its account now, unless the principal is not
   * a connection or the pair was written recently with the same scopes. Never throws.
   */
  public void record(TollgatePrincipal principal) {
    Objects.requireNonNull(principal, "principal == null");
    @Nullable String clientId = principal.clientId();
    if (principal.kind() != CredentialKind.ACCESS_TOKEN || clientId == null) {
      return;
    }
    String accountId = principal.accountId();
    if (!ConnectedClient.isValidClientId(clientId)
        || !ConnectedClient.isValidAccountId(accountId)) {
      log.debug("Not recording a connection whose account or client id cannot be stored");
      return;
    }
    Instant now = clock.instant();
    Set<String> scopes = principal.scopes();
    AtomicBoolean due = new AtomicBoolean();
    // The claim is made inside compute so that of many concurrent requests only one writes; the
    // write itself happens outside, never holding the cache's lock during I/O.
    written
        .asMap()
        .compute(
            new Pair(accountId, clientId),
            (pair, last) -> {
              if (last != null
                  && last.scopes().containsAll(scopes)
                  && Duration.between(last.at(), now).compareTo(minimumInterval) < 0) {
                return last;
              }
              due.set(true);
              return new Written(now, last == null ? scopes : ScopeUnion.of(last.scopes(), scopes));
            });
    if (!due.get()) {
      return;
    }
    try {
      store.record(accountId, clientId, scopes, now);
    } catch (RuntimeException e) {
      // Bookkeeping for the account page, not a security decision: the request goes on.
      log.warn(
          "Could not record the connection of client {} to account {}: {}",
          clientId,
          accountId,
          e.toString());
    }
  }

  /**
   * Forgets that the pair was written, so that its next use is recorded at once: call it after
   * removing the connection, so an app connected again shows up without waiting for the interval.
   */
  public void forget(String accountId, String clientId) {
    written.invalidate(
        new Pair(
            Objects.requireNonNull(accountId, "accountId == null"),
            Objects.requireNonNull(clientId, "clientId == null")));
  }

  @Override
  public String toString() {
    return "ConnectionRecorder[" + store + ", every " + minimumInterval + "]";
  }

  /** Configures a {@link ConnectionRecorder}; every value is checked as it is set. */
  public static final class Builder {
    private final ConnectionStore store;
    private Clock clock = Clock.systemUTC();
    private Duration minimumInterval = DEFAULT_MINIMUM_INTERVAL;
    private long maximumTracked = DEFAULT_MAXIMUM_TRACKED;

    private Builder(ConnectionStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
    }

    /** The clock that stamps uses and drives the throttle, default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * The least time between two writes for one (account, client) pair, default one minute. Zero
     * writes on every request.
     */
    public Builder minimumInterval(Duration minimumInterval) {
      Objects.requireNonNull(minimumInterval, "minimumInterval == null");
      if (minimumInterval.isNegative()) {
        throw new IllegalArgumentException(
            "minimumInterval must not be negative, was " + minimumInterval);
      }
      this.minimumInterval = minimumInterval;
      return this;
    }

    /** How many pairs the throttle remembers at most; positive. */
    public Builder maximumTracked(long maximumTracked) {
      if (maximumTracked <= 0) {
        throw new IllegalArgumentException(
            "maximumTracked must be positive, was " + maximumTracked);
      }
      this.maximumTracked = maximumTracked;
      return this;
    }

    public ConnectionRecorder build() {
      return new ConnectionRecorder(this);
    }
  }
}
