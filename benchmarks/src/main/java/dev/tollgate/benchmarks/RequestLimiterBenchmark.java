package dev.tollgate.benchmarks;

import dev.tollgate.Admission;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.ratelimit.PostgresRateLimitStore;
import dev.tollgate.ratelimit.RateLimit;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request limiter adds to an allowed request's decision: {@code admit} takes a token (and,
 * with {@code concurrency}, a slot it then releases) for one of 10,000 accounts in turn, so every
 * bucket stays far below its limit and the admitted path is measured.
 *
 * <p>{@code store=memory}: GCRA buckets in a Caffeine cache, the in-flight map. {@code
 * store=postgres}: Bucket4j's row-locked transaction (and a leased slot row, acquired and deleted)
 * on the PostgreSQL at {@code TOLLGATE_TEST_POSTGRES_URL}, over reused connections, so a few
 * database round trips per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestLimiterBenchmark {
  private static final int ACCOUNTS = 10_000;

  @Param({"memory", "postgres"})
  public String store;

  /** {@code false}: the token bucket alone; {@code true}: a concurrency cap as well. */
  @Param({"false", "true"})
  public boolean concurrency;

  private PlanRequestLimiter limiter;
  private @Nullable PostgresRateLimitStore postgres;
  private @Nullable DataSource database;
  private final String prefix = "tg_bench_rl";
  private TollgatePrincipal[] principals;
  private final RequestView request = RequestView.builder("POST", "/mcp").build();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    PlanRequestLimiter.Builder builder =
        PlanRequestLimiter.builder().plan("professional", RateLimit.parse("600/PT1M,burst=100"));
    if (concurrency) {
      builder.concurrency("professional", 32);
    }
    if (store.equals("postgres")) {
      String url = System.getenv("TOLLGATE_TEST_POSTGRES_URL");
      if (url == null) {
        throw new IllegalStateException("store=postgres needs TOLLGATE_TEST_POSTGRES_URL");
      }
      database = new UrlDataSource(url);
      postgres = PostgresRateLimitStore.builder(database).tablePrefix(prefix).build();
      postgres.createSchemaIfMissing();
      builder.store(postgres).concurrencyStore(postgres).failClosed();
    }
    limiter = builder.build();
    principals = new TollgatePrincipal[ACCOUNTS];
    for (int i = 0; i < ACCOUNTS; i++) {
      principals[i] =
          TollgatePrincipal.builder("acct-" + i).attributes(Map.of("plan", "professional")).build();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (postgres != null && database != null) {
      postgres.close();
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + prefix + "_bucket");
        statement.execute("DROP TABLE IF EXISTS " + prefix + "_slot");
      }
    }
  }

  @Benchmark
  public Admission admit() {
    TollgatePrincipal principal = principals[next];
    next = next + 1 == ACCOUNTS ? 0 : next + 1;
    Admission admission = limiter.admit(principal, request);
    if (admission instanceof Admission.Admitted admitted) {
      admitted.permit().release();
    }
    return admission;
  }

  /**
   * A {@link DataSource} over {@link DriverManager} keeping up to 16 connections for reuse, as any
   * connection pool would (a new PostgreSQL connection costs milliseconds of authentication).
   */
  private static final class UrlDataSource implements DataSource {
    private final String url;
    private final java.util.concurrent.BlockingQueue<Connection> idle =
        new java.util.concurrent.ArrayBlockingQueue<>(16);

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection pooled = idle.poll();
      Connection real = pooled != null ? pooled : DriverManager.getConnection(url);
      return (Connection)
          java.lang.reflect.Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  if (!real.getAutoCommit()) {
                    real.rollback();
                    real.setAutoCommit(true);
                  }
                  if (!idle.offer(real)) {
                    real.close();
                  }
                  return null;
                }
                try {
                  return method.invoke(real, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
