package dev.tollgate.revocation;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.TollgatePrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RevocationRegistry} shared by several nodes through one database table (plain JDBC,
 * PostgreSQL or H2; schema in {@code dev/tollgate/revocation/schema.sql}).
 *
 * <p>Each node checks against an in-memory snapshot, so a request never waits on the database. A
 * revocation made on a node applies to its snapshot at once and is appended to the table; other
 * nodes pick it up at their next refresh, which reads only rows above the id they have seen. The
 * propagation bound is therefore the {@linkplain Builder#refreshInterval(Duration) refresh
 * interval} (default 2 s) plus one query; on PostgreSQL the change is also announced with {@code
 * NOTIFY} in the transaction that writes it, and every node refreshes on it at once ({@link
 * Builder#notifications(boolean)}), so it arrives in milliseconds while the poll remains the
 * fallback. Each refresh reads again the rows of the previous one, and every {@linkplain
 * Builder#fullReloadInterval(Duration) full-reload interval} (default 1 min) the whole table is
 * read, so a row whose id was allocated before, but committed after, a higher one is still seen.
 *
 * <p>Fail closed: when no refresh has succeeded for longer than the {@linkplain
 * Builder#stalenessLimit(Duration) staleness limit} (default 3 refresh intervals, so one or two
 * failed refreshes are tolerated), {@link #isRevoked} throws {@link DependencyUnavailableException}
 * ({@code revocation-registry}, answered 503): the node can no longer vouch that nothing was
 * revoked elsewhere. The same holds until the first refresh has succeeded. A revocation whose write
 * fails throws to the caller, and still applies on this node until it is lifted there or the node
 * restarts.
 *
 * <p>Revocation instants come from the revoking node's clock and {@code issuedAt} from the
 * issuer's: keep clocks synchronised (NTP), as the comparison is only as good as they are.
 *
 * <p>Close the registry to stop its daemon refresh thread; a closed registry goes stale.
 */
public final class JdbcRevocationRegistry implements RevocationRegistry, AutoCloseable {
  static final String DEPENDENCY = "revocation-registry";
  private static final Logger log = LoggerFactory.getLogger(JdbcRevocationRegistry.class);
  private static final long NO_ID = Long.MIN_VALUE;

  private final JdbcRevocationTable table;
  private final Clock clock;
  private final Duration stalenessLimit;
  private final Duration fullReloadInterval;
  private final ScheduledExecutorService refresher;

  private final NodeSnapshot snapshot = new NodeSnapshot();
  private volatile @Nullable Instant lastRefreshed;

  /** Guards the refresh state below; refreshes never run concurrently. */
  private final Object refreshLock = new Object();

  private long seenUpTo = NO_ID;
  private long previousSeenUpTo = NO_ID;
  private @Nullable Instant lastFullReload;
  private boolean failing;
  private volatile @Nullable RevocationNotifications notifications;

  private JdbcRevocationRegistry(Builder builder, JdbcRevocationTable table) {
    this.table = table;
    this.clock = builder.clock;
    this.stalenessLimit =
        builder.stalenessLimit != null
            ? builder.stalenessLimit
            : builder.refreshInterval.multipliedBy(3);
    this.fullReloadInterval =
        builder.fullReloadInterval != null
            ? builder.fullReloadInterval
            : max(Builder.DEFAULT_FULL_RELOAD, builder.refreshInterval);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tollgate-revocation-refresh-" + table.name());
              thread.setDaemon(true);
              return thread;
            });
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Starts a registry over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Creates the table if it does not exist (see {@code schema.sql}), then refreshes.
   *
   * @throws DependencyUnavailableException when the table cannot be created or read
   */
  public void createSchemaIfMissing() {
    table.createIfMissing();
    refreshNow();
  }

  @Override
  public void revokeAccount(String accountId, Instant at) {
    record(RevocationChange.revoke(accountId, null, at));
  }

  @Override
  public void revokeClient(String accountId, String clientId, Instant at) {
    Objects.requireNonNull(clientId, "clientId == null");
    record(RevocationChange.revoke(accountId, clientId, at));
  }

  @Override
  public void disconnectClient(String accountId, String clientId, Instant at) {
    record(RevocationChange.disconnect(accountId, clientId, at));
  }

  @Override
  public void reconnectClient(String accountId, String clientId, Instant at) {
    record(RevocationChange.reconnect(accountId, clientId, at));
  }

  @Override
  public void lift(String accountId, @Nullable String clientId) {
    record(RevocationChange.lift(accountId, clientId, clock.instant()));
  }

  private void record(RevocationChange change) {
    NodeSnapshot.Local local = snapshot.applyLocal(change);
    long id;
    try {
      id = table.insert(change, clock.instant(), notifications);
    } catch (RuntimeException e) {
      log.error(
          "Could not store a revocation change in table {}; it applies on this node only",
          table.name(),
          e);
      throw unavailable(e);
    }
    snapshot.written(local, id);
  }

  private static DependencyUnavailableException unavailable(RuntimeException e) {
    return e instanceof DependencyUnavailableException outage
        ? outage
        : new DependencyUnavailableException(DEPENDENCY, e);
  }

  @Override
  public List<Revocation> revocations() {
    return snapshot.revocations();
  }

  @Override
  public List<Revocation> revocations(String accountId) {
    return snapshot.revocations(Objects.requireNonNull(accountId, "accountId == null"));
  }

  @Override
  public boolean isRevoked(TollgatePrincipal principal) {
    Instant refreshed = lastRefreshed;
    if (refreshed == null || clock.instant().isAfter(refreshed.plus(stalenessLimit))) {
      throw new DependencyUnavailableException(DEPENDENCY, null);
    }
    return snapshot.isRevoked(principal);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /**
   * Reads the changes made since the last refresh (or the whole table, when a full reload is due)
   * and applies them now, on the calling thread.
   *
   * @throws DependencyUnavailableException when the table cannot be read
   */
  public void refreshNow() {
    synchronized (refreshLock) {
      Instant started = clock.instant();
      boolean full =
          lastFullReload == null || !started.isBefore(lastFullReload.plus(fullReloadInterval));
      List<JdbcRevocationTable.Row> rows;
      try {
        rows = table.readAfter(full ? NO_ID : previousSeenUpTo);
      } catch (RuntimeException e) {
        if (!failing) {
          log.warn(
              "Could not read revocations from table {}; using the last snapshot", table.name(), e);
        }
        failing = true;
        throw unavailable(e);
      }
      snapshot.applyRows(rows, full);
      long highest = seenUpTo;
      for (JdbcRevocationTable.Row row : rows) {
        highest = Math.max(highest, row.id());
      }
      // The next refresh reads this one's rows again: a row can commit after a higher id did.
      previousSeenUpTo = seenUpTo;
      seenUpTo = highest;
      if (full) {
        lastFullReload = started;
      }
      lastRefreshed = started;
      if (failing) {
        log.info("Reading revocations from table {} works again", table.name());
        failing = false;
      }
    }
  }

  private void refreshQuietly() {
    try {
      refreshNow();
    } catch (DependencyUnavailableException e) {
      // Logged in refreshNow; the staleness limit turns a lasting outage into 503s.
    } catch (RuntimeException e) {
      log.error("Unexpected failure refreshing revocations", e);
    }
  }

  // The schedule's future is not needed: refreshQuietly reports its own failures, close() ends it.
  @SuppressWarnings("FutureReturnValueIgnored")
  private JdbcRevocationRegistry start(Duration refreshInterval, boolean listen) {
    refreshQuietly();
    long millis = refreshInterval.toMillis();
    refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    if (listen) {
      try {
        notifications =
            new RevocationNotifications(table.jdbc(), table.name(), this::refreshSoon).start();
      } catch (LinkageError e) {
        // No PostgreSQL driver on the class path: no PostgreSQL, so the poll alone is right.
        log.debug("PostgreSQL driver absent; revocations propagate by polling only", e);
      }
    }
    return this;
  }

  /** A refresh on the refresh thread, now: another node notified a change. */
  private void refreshSoon() {
    try {
      refresher.execute(this::refreshQuietly);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  /**
   * Stops the refresh and listener threads. Checks answer 503 once the staleness limit has passed.
   */
  @Override
  public void close() {
    RevocationNotifications listening = notifications;
    if (listening != null) {
      listening.close();
    }
    refresher.shutdownNow();
  }

  @Override
  public String toString() {
    return "JdbcRevocationRegistry[" + table.name() + "]";
  }

  /** Configures a {@link JdbcRevocationRegistry}; validated once, in {@link #build()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tableName = JdbcRevocationTable.DEFAULT_NAME;
    private Duration refreshInterval = Duration.ofSeconds(2);
    private @Nullable Duration stalenessLimit;
    static final Duration DEFAULT_FULL_RELOAD = Duration.ofMinutes(1);

    private @Nullable Duration fullReloadInterval;
    private Duration queryTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private boolean notify = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /** The table (default {@code tollgate_revocation}); an unquoted, optionally qualified name. */
    public Builder tableName(String tableName) {
      this.tableName = JdbcRevocationTable.requireTableName(tableName);
      return this;
    }

    /**
     * How often each node reads new rows: the bound on how long a revocation made on another node
     * takes to apply here. Default 2 s: a few cheap indexed queries per node per minute.
     */
    public Builder refreshInterval(Duration refreshInterval) {
      this.refreshInterval = requirePositive(refreshInterval, "refreshInterval");
      return this;
    }

    /**
     * How long after the last successful refresh checks still answer from the snapshot; past it
     * they fail with 503. Default 3 refresh intervals, so one or two failed refreshes pass
     * unnoticed; must exceed the refresh interval. Refreshes run one interval after the previous
     * one ended, so the limit must also cover the time a refresh takes (connection and query):
     * raise it for very short intervals.
     */
    public Builder stalenessLimit(Duration stalenessLimit) {
      this.stalenessLimit = requirePositive(stalenessLimit, "stalenessLimit");
      return this;
    }

    /**
     * How often the whole table is read instead of the new rows only: the bound on how long a row
     * committed out of id order can go unseen. Default 1 min, or the refresh interval if longer.
     */
    public Builder fullReloadInterval(Duration fullReloadInterval) {
      this.fullReloadInterval = requirePositive(fullReloadInterval, "fullReloadInterval");
      return this;
    }

    /** The JDBC query timeout, in whole seconds (at least 1; default 5 s). */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = requirePositive(queryTimeout, "queryTimeout");
      return this;
    }

    /**
     * Whether, on PostgreSQL, a change is announced with {@code NOTIFY} and every node {@code
     * LISTEN}s, so revocations reach the other nodes in milliseconds; the poll stays as the
     * fallback. Default {@code true}; ignored on other databases. Each node then holds one more
     * connection, for listening.
     */
    public Builder notifications(boolean notify) {
      this.notify = notify;
      return this;
    }

    /** The clock for revocation instants and staleness (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    private static Duration requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    /**
     * Builds the registry, tries a first refresh and starts the refresh thread. When the first
     * refresh fails (no table yet, database down), checks answer 503 until one succeeds.
     */
    public JdbcRevocationRegistry build() {
      if (stalenessLimit != null && stalenessLimit.compareTo(refreshInterval) <= 0) {
        throw new IllegalArgumentException(
            "stalenessLimit ("
                + stalenessLimit
                + ") must exceed refreshInterval ("
                + refreshInterval
                + ")");
      }
      if (fullReloadInterval != null && fullReloadInterval.compareTo(refreshInterval) < 0) {
        throw new IllegalArgumentException(
            "fullReloadInterval ("
                + fullReloadInterval
                + ") must be at least refreshInterval ("
                + refreshInterval
                + ")");
      }
      JdbcRevocationTable table = new JdbcRevocationTable(dataSource, tableName, queryTimeout);
      return new JdbcRevocationRegistry(this, table).start(refreshInterval, notify);
    }
  }
}
