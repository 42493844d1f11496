package dev.tollgate.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.cache.CachingCredentialResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Sixteen threads present the same not-yet-cached token at once. One operation is the whole burst:
 * the token is evicted, sixteen workers are released together, and the operation ends when all
 * sixteen have their answer. A counting key source counts signature verifications: through {@link
 * CachingCredentialResolver} a burst costs one, straight to the JWT resolver it costs sixteen.
 *
 * <p>The {@code verifications} counter is per iteration; divided by the operations of that
 * iteration (printed at the end of the trial) it is the verifications per burst.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SingleFlightBenchmark {
  static final int THREADS = 16;

  /** {@code cached}: through the cache (single flight); {@code uncached}: the bare resolver. */
  @Param({"cached", "uncached"})
  public String path;

  private final AtomicLong verifications = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final List<Thread> workers = new ArrayList<>();
  private CachingCredentialResolver cache;
  private CredentialResolver target;
  private Credential credential;
  private CyclicBarrier start;
  private CyclicBarrier done;
  private volatile boolean stopping;
  private long operations;

  @Setup(Level.Trial)
  public void setUp() {
    Fixtures fixtures = new Fixtures();
    JWKSource<SecurityContext> keys = fixtures.jwkSource();
    JWKSource<SecurityContext> counting =
        (JWKSelector selector, SecurityContext context) -> {
          verifications.incrementAndGet();
          List<JWK> found = keys.get(selector, context);
          return found;
        };
    CredentialResolver jwt = fixtures.jwtResolver(counting);
    cache = CachingCredentialResolver.of(jwt);
    target = path.equals("cached") ? cache : jwt;
    credential = Credential.of(fixtures.token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT));
    start = new CyclicBarrier(THREADS + 1);
    done = new CyclicBarrier(THREADS + 1);
    for (int i = 0; i < THREADS; i++) {
      Thread worker = new Thread(this::work, "single-flight-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  private void work() {
    try {
      while (true) {
        start.await();
        if (stopping) {
          return;
        }
        // Each worker wraps the value itself, as each request would: no shared hash.
        Resolution resolution = target.resolve(Credential.of(credential.value()));
        if (!(resolution instanceof Resolution.Resolved)) {
          failures.incrementAndGet();
        }
        done.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (BrokenBarrierException e) {
      // The trial is over.
    }
  }

  /** Verifications counted during the iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    public long verifications;
    public long bursts;
  }

  @Benchmark
  public void burstOf16(Counters counters) throws Exception {
    cache.invalidate(credential);
    long before = verifications.get();
    start.await(10, TimeUnit.SECONDS);
    done.await(10, TimeUnit.SECONDS);
    counters.verifications += verifications.get() - before;
    counters.bursts++;
    operations++;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    stopping = true;
    try {
      start.await(5, TimeUnit.SECONDS);
    } catch (BrokenBarrierException | TimeoutException e) {
      // Workers that missed the release are daemons and end with the fork.
    }
    for (Thread worker : workers) {
      worker.join(5_000);
    }
    System.out.printf(
        "%n[single-flight %s] bursts=%d verifications=%d per burst=%.3f failures=%d%n",
        path,
        operations,
        verifications.get(),
        operations == 0 ? 0.0 : (double) verifications.get() / operations,
        failures.get());
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " resolutions were not resolved");
    }
  }
}
