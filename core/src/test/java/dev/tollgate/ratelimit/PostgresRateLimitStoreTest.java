package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Admission;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Permit;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import dev.tollgate.testsupport.SwitchableDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store on the real test database: shared buckets and slots, bounded outages. */
@RequiresPostgres
class PostgresRateLimitStoreTest {
  private DataSource database;
  private SwitchableDataSource switchable;
  private String prefix;
  private final List<PostgresRateLimitStore> stores = new ArrayList<>();

  @BeforeEach
  void createTables() {
    database = PostgresTestDatabase.dataSource();
    switchable = new SwitchableDataSource(database);
    prefix = "tg_it_rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    store().createSchemaIfMissing();
  }

  @AfterEach
  void dropTables() throws SQLException {
    stores.forEach(PostgresRateLimitStore::close);
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + prefix + "_bucket");
      statement.execute("DROP TABLE IF EXISTS " + prefix + "_slot");
    }
  }

  private PostgresRateLimitStore store() {
    PostgresRateLimitStore store =
        PostgresRateLimitStore.builder(switchable)
            .tablePrefix(prefix)
            .timeout(Duration.ofSeconds(5))
            .build();
    stores.add(store);
    return store;
  }

  @Test
  void tryConsumeWhenBurstSpentThenRefusedWithWait() {
    PostgresRateLimitStore store = store();
    RateLimit limit = RateLimit.parse("60/PT1M,burst=2");

    assertTrue(store.tryConsume("a", limit, 1).consumed());
    RateLimitStore.Consumption last = store.tryConsume("a", limit, 1);
    RateLimitStore.Consumption refused = store.tryConsume("a", limit, 1);

    assertTrue(last.consumed());
    assertEquals(0, last.remaining());
    assertFalse(refused.consumed());
    assertTrue(refused.waitNanos() > 0 && refused.waitNanos() <= Duration.ofSeconds(1).toNanos());
    assertTrue(store.tryConsume("b", limit, 1).consumed(), "another key has its own bucket");
  }

  /**
   * Two stores (two nodes) hammering one bucket from many threads: the admitted count is the burst
   * plus what refilled while the test ran, never more. One token drips back every three minutes, so
   * the tolerance is the test's own duration / 3 minutes, rounded up.
   */
  @Test
  void tryConsumeWhenTwoNodesRaceOnOneBucketThenAdmittedStaysWithinTheBurst() throws Exception {
    RateLimit limit = RateLimit.parse("20/PT1H");
    List<PostgresRateLimitStore> nodes = List.of(store(), store());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long started = System.nanoTime();
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 80; i++) {
        PostgresRateLimitStore node = nodes.get(i % 2);
        results.add(
            pool.submit(
                (Callable<Boolean>) () -> node.tryConsume("hammered", limit, 1).consumed()));
      }
      int admitted = 0;
      for (Future<Boolean> result : results) {
        admitted += result.get() ? 1 : 0;
      }
      long refilled = (System.nanoTime() - started) / limit.intervalNanos() + 1;

      assertTrue(admitted >= 20 && admitted <= 20 + refilled, "admitted " + admitted);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tryAcquireWhenCapHeldAcrossNodesThenRefusedUntilReleased() throws Exception {
    PostgresRateLimitStore first = store();
    PostgresRateLimitStore second = store();
    Permit one = first.tryAcquire("slots", 2);
    Permit two = second.tryAcquire("slots", 2);
    assertNotNull(one);
    assertNotNull(two);

    assertNull(first.tryAcquire("slots", 2));
    assertNotNull(second.tryAcquire("other", 2));

    one.release();
    assertNotNull(second.tryAcquire("slots", 2), "a released slot is free at once, on every node");
  }

  @Test
  void releaseWhenDatabaseDownThenRetriedWithTheNextAcquisition() {
    PostgresRateLimitStore store = store();
    Permit held = store.tryAcquire("blip", 1);
    assertNotNull(held);

    switchable.down();
    held.release();
    switchable.up();

    assertNotNull(
        store.tryAcquire("blip", 1), "the failed release is not stuck until the lease ends");
  }

  @Test
  void recordFailureWhenTwoNodesShareTheDatabaseThenTheLimitHoldsAcrossThem() {
    FailureRateLimiter first =
        FailureRateLimiter.builder(4, Duration.ofMinutes(10)).store(store()).build();
    FailureRateLimiter second =
        FailureRateLimiter.builder(4, Duration.ofMinutes(10)).store(store()).build();
    first.recordFailure("198.51.100.23");
    first.recordFailure("198.51.100.23");
    second.recordFailure("198.51.100.23");
    assertNull(second.blockedFor("198.51.100.23"));

    second.recordFailure("198.51.100.23");

    assertNotNull(second.blockedFor("198.51.100.23"));
    first.recordFailure("198.51.100.23");
    assertNotNull(first.blockedFor("198.51.100.23"), "blocked at the other node's next failure");
    assertNull(first.blockedFor("203.0.113.1"));
  }

  @Test
  void tryConsumeWhenDatabaseDownThenDependencyUnavailableAndRecoversOnNextCall() {
    PostgresRateLimitStore store = store();
    RateLimit limit = RateLimit.parse("60/PT1M");
    switchable.down();

    DependencyUnavailableException e =
        assertThrows(DependencyUnavailableException.class, () -> store.tryConsume("a", limit, 1));
    assertEquals("rate-limit-store", e.dependency());
    assertThrows(DependencyUnavailableException.class, () -> store.tryAcquire("a", 1));

    switchable.up();
    assertTrue(store.tryConsume("a", limit, 1).consumed());
    assertNotNull(store.tryAcquire("a", 1));
  }

  @Test
  void admitWhenStoreDownAndFailOpenThenLocalLimitsThenSharedAgainOnRecovery() {
    PostgresRateLimitStore store = store();
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder().plan("free", RateLimit.parse("2/PT1H")).store(store).build();
    TollgatePrincipal free = PlanRequestLimiterTest.principal("acct-1", "free", null);
    assertInstanceOf(
        Admission.Admitted.class, limiter.admit(free, PlanRequestLimiterTest.call(null)));

    switchable.down();
    int admittedLocally = 0;
    for (int i = 0; i < 5; i++) {
      admittedLocally +=
          limiter.admit(free, PlanRequestLimiterTest.call(null)) instanceof Admission.Admitted
              ? 1
              : 0;
    }
    switchable.up();

    assertEquals(2, admittedLocally, "the same limit, applied locally");
    assertInstanceOf(
        Admission.Admitted.class,
        limiter.admit(free, PlanRequestLimiterTest.call(null)),
        "the shared bucket, with one token left, answers again");
    assertInstanceOf(
        Admission.Limited.class, limiter.admit(free, PlanRequestLimiterTest.call(null)));
  }

  @Test
  void admitWhenStoreDownAndFailClosedThenDependencyUnavailable() {
    PlanRequestLimiter limiter =
        PlanRequestLimiter.builder()
            .plan("free", RateLimit.parse("2/PT1H"))
            .store(store())
            .failClosed()
            .build();
    switchable.down();

    assertThrows(
        DependencyUnavailableException.class,
        () ->
            limiter.admit(
                PlanRequestLimiterTest.principal("acct-1", "free", null),
                PlanRequestLimiterTest.call(null)));
  }

  @Test
  void tryConsumeWhenDatabaseHangsThenUnavailableAfterTheTimeout() throws Exception {
    DataSource hanging =
        (DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection")) {
                    Thread.sleep(30_000);
                  }
                  throw new SQLException("not available");
                });
    try (PostgresRateLimitStore store =
        PostgresRateLimitStore.builder(hanging)
            .tablePrefix(prefix)
            .timeout(Duration.ofMillis(100))
            .build()) {
      assertThrows(
          DependencyUnavailableException.class,
          () -> store.tryConsume("a", RateLimit.parse("1/PT1M"), 1));
    }
  }
}
