package dev.tollgate.ratelimit;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Permit;
import dev.tollgate.internal.JdbcAccess;
import dev.tollgate.internal.SqlIdentifiers;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets and concurrency slots in PostgreSQL, shared by every node that uses the same
 * database, so an account's limits hold however many nodes serve it.
 *
 * <p>Buckets are Bucket4j's ({@code bucket4j_jdk17-postgresql}, the field's standard for JDBC
 * buckets): each consumption is one transaction that locks the bucket's row ({@code SELECT ... FOR
 * UPDATE}), so concurrent calls from several nodes are serialized by the database and never
 * over-admit. Rows hold a SHA-256 of the key, never an account id, and expire once the bucket would
 * be full again. Concurrency slots are rows with a lease, counted per key under a
 * transaction-scoped advisory lock; a slot is deleted when its call completes (before the response
 * is finished, so the client's next call finds it free), and reclaimed after the {@linkplain
 * Builder#slotLease lease} when its node died first.
 *
 * <p>Every call runs on a small pool of this store's own and waits at most {@link Builder#timeout}
 * (default {@value #DEFAULT_TIMEOUT_MILLIS} ms): a slow or unreachable database costs a request
 * thread that long at most, and then the {@link PlanRequestLimiter} fails open to local limits or
 * closed, as configured. Close the store to stop its threads.
 *
 * <p>Needs {@code com.bucket4j:bucket4j_jdk17-postgresql} (and {@code bucket4j_jdk17-core}) on the
 * class path: optional dependencies of {@code tollgate-core}, so users of in-memory limits never
 * get them.
 */
public final class PostgresRateLimitStore
    implements RateLimitStore, ConcurrencyStore, AutoCloseable {
  /**
   * Default bound on one store call: a PostgreSQL round trip on a LAN takes a millisecond or two;
   * 250 ms leaves room for a busy database while keeping an outage's cost below what a user
   * notices.
   */
  public static final long DEFAULT_TIMEOUT_MILLIS = 250;

  /**
   * Default slot lease: longer than any ordinary call, short enough that a crashed node's slots
   * come back.
   */
  public static final Duration DEFAULT_SLOT_LEASE = Duration.ofMinutes(10);

  /** The dependency name in {@link DependencyUnavailableException}s. */
  static final String DEPENDENCY = "rate-limit-store";

  private static final String SCHEMA_RESOURCE = "rate-limits.sql";
  private static final String DEFAULT_PREFIX = "tollgate_rate";
  private static final long CLEANUP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

  private final JdbcAccess jdbc;
  private final String prefix;
  private final String bucketTable;
  private final String slotTable;
  private final Duration slotLease;
  private final BoundedCalls calls;
  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final Map<RateLimit, BucketConfiguration> configurations = new ConcurrentHashMap<>();
  private final AtomicLong lastCleanup = new AtomicLong(System.nanoTime());
  private final String acquireSql;
  private final String releaseSql;
  private final String deletePendingSql;
  private final String deleteExpiredSql;
  private final Queue<String> pendingReleases = new ConcurrentLinkedQueue<>();

  private PostgresRateLimitStore(Builder builder) {
    // Statements carry a query timeout too (whole seconds, at least one), so a statement the
    // bounded call gave up on does not run on in the database.
    this.jdbc = JdbcAccess.of(builder.dataSource, DEPENDENCY, builder.timeout);
    this.prefix = builder.prefix;
    this.bucketTable = prefix + "_bucket";
    this.slotTable = prefix + "_slot";
    this.slotLease = builder.slotLease;
    this.calls = new BoundedCalls(DEPENDENCY, builder.timeout, builder.threads);
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(builder.dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(bucketTable)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .requestTimeout(builder.timeout)
            .build();
    this.acquireSql =
        "INSERT INTO "
            + slotTable
            + " (slot_id, bucket_key, expires_at)"
            + " SELECT ?, ?, now() + make_interval(secs => ?)"
            + " WHERE (SELECT count(*) FROM "
            + slotTable
            + " WHERE bucket_key = ? AND expires_at > now()) < ?";
    this.releaseSql = "DELETE FROM " + slotTable + " WHERE slot_id = ?";
    this.deletePendingSql = "DELETE FROM " + slotTable + " WHERE slot_id = ANY (?)";
    this.deleteExpiredSql = "DELETE FROM " + slotTable + " WHERE expires_at < now()";
  }

  /** A store on {@code dataSource} (PostgreSQL 11 or later); see {@link Builder}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Creates the tables from {@code rate-limits.sql} unless they exist, so it is safe at every
   * start-up (run it from one node at a time; a racing {@code CREATE} may fail once and succeed on
   * retry).
   *
   * @throws DependencyUnavailableException when the database cannot be reached
   */
  public void createSchemaIfMissing() {
    jdbc.createSchema(PostgresRateLimitStore.class, SCHEMA_RESOURCE, DEFAULT_PREFIX, prefix);
  }

  @Override
  public Consumption tryConsume(String key, RateLimit limit, long cost) {
    String id = hash(key);
    BucketConfiguration configuration =
        configurations.computeIfAbsent(limit, PostgresRateLimitStore::configuration);
    long version = version(limit);
    ConsumptionProbe probe =
        calls.call(
            () ->
                buckets
                    .builder()
                    .withImplicitConfigurationReplacement(
                        version, TokensInheritanceStrategy.PROPORTIONALLY)
                    .build(id, () -> configuration)
                    .tryConsumeAndReturnRemaining(cost));
    cleanUpNowAndThen();
    return new Consumption(
        probe.isConsumed(),
        probe.getRemainingTokens(),
        probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(),
        probe.getNanosToWaitForReset());
  }

  @Override
  public @Nullable Permit tryAcquire(String key, int cap) {
    String bucketKey = hash(key);
    String slot = UUID.randomUUID().toString();
    List<String> retried = new ArrayList<>();
    for (String pending; retried.size() < 100 && (pending = pendingReleases.poll()) != null; ) {
      retried.add(pending);
    }
    boolean acquired;
    try {
      acquired =
          calls.call(
              () ->
                  jdbc.inTransaction(
                      connection -> {
                        try (PreparedStatement lock =
                            jdbc.prepare(
                                connection,
                                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                          lock.setString(1, bucketKey);
                          lock.execute();
                        }
                        deletePending(connection, retried);
                        try (PreparedStatement insert = jdbc.prepare(connection, acquireSql)) {
                          insert.setString(1, slot);
                          insert.setString(2, bucketKey);
                          insert.setLong(3, slotLease.toSeconds());
                          insert.setString(4, bucketKey);
                          insert.setInt(5, cap);
                          return insert.executeUpdate() == 1;
                        }
                      }));
    } catch (RuntimeException e) {
      pendingReleases.addAll(retried);
      throw e;
    }
    return acquired ? new Slot(slot) : null;
  }

  /** Deletes slots whose release failed earlier, in the acquiring transaction. */
  private void deletePending(Connection connection, List<String> slots) throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = jdbc.prepare(connection, deletePendingSql)) {
      delete.setArray(1, connection.createArrayOf("varchar", slots.toArray()));
      delete.executeUpdate();
    }
  }

  /** Deletes expired buckets and slots at most once a minute, in the background. */
  private void cleanUpNowAndThen() {
    long now = System.nanoTime();
    long last = lastCleanup.get();
    if (now - last < CLEANUP_INTERVAL_NANOS || !lastCleanup.compareAndSet(last, now)) {
      return;
    }
    calls.fireAndForget(
        () -> {
          try {
            buckets.removeExpired(1000);
            jdbc.withConnection(
                connection -> {
                  try (PreparedStatement delete = jdbc.prepare(connection, deleteExpiredSql)) {
                    return delete.executeUpdate();
                  }
                });
          } catch (RuntimeException e) {
            // Next minute, then.
          }
        });
  }

  private static BucketConfiguration configuration(RateLimit limit) {
    return BucketConfiguration.builder()
        .addLimit(
            bandwidth ->
                bandwidth.capacity(limit.burst()).refillGreedy(limit.tokens(), limit.period()))
        .build();
  }

  /** Changes when the limit changes, so a redeployed limit replaces the stored configuration. */
  private static long version(RateLimit limit) {
    return Math.abs((long) Objects.hash(limit.tokens(), limit.period(), limit.burst()));
  }

  static String hash(String key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public void close() {
    calls.close();
  }

  @Override
  public String toString() {
    return "PostgresRateLimitStore[" + prefix + "]";
  }

  private final class Slot implements Permit {
    private final String slotId;
    private final AtomicBoolean released = new AtomicBoolean();

    Slot(String slotId) {
      this.slotId = slotId;
    }

    /**
     * Deletes the slot before the response completes, so the client's next call finds it free; a
     * release the database cannot take now is retried with the next acquisition on this node (and
     * the lease reclaims it at the latest).
     */
    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        try {
          calls.call(
              () ->
                  jdbc.withConnection(
                      connection -> {
                        try (PreparedStatement delete = jdbc.prepare(connection, releaseSql)) {
                          delete.setString(1, slotId);
                          return delete.executeUpdate();
                        }
                      }));
        } catch (RuntimeException e) {
          pendingReleases.add(slotId);
        }
      }
    }
  }

  /** Configures a {@link PostgresRateLimitStore}; validated in {@link #build()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String prefix = DEFAULT_PREFIX;
    private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS);
    private Duration slotLease = DEFAULT_SLOT_LEASE;
    private int threads = 8;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * The tables' name prefix: {@code <prefix>_bucket}, {@code <prefix>_slot}; {@code
     * tollgate_rate} by default.
     */
    public Builder tablePrefix(String prefix) {
      this.prefix = SqlIdentifiers.requireTableName(prefix, "tablePrefix");
      return this;
    }

    /** The longest a request waits for the database, 10 ms to 5 s. */
    public Builder timeout(Duration timeout) {
      if (timeout.compareTo(Duration.ofMillis(10)) < 0
          || timeout.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("timeout must be 10 ms to 5 s, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** How long an unreleased slot counts, 10 s to 1 day. */
    public Builder slotLease(Duration slotLease) {
      if (slotLease.compareTo(Duration.ofSeconds(10)) < 0
          || slotLease.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("slotLease must be 10 s to 1 day, was " + slotLease);
      }
      this.slotLease = slotLease;
      return this;
    }

    /** Threads (and so connections) the store uses at most, 1 to 64; 8 by default. */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be 1 to 64, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    public PostgresRateLimitStore build() {
      return new PostgresRateLimitStore(this);
    }
  }
}
