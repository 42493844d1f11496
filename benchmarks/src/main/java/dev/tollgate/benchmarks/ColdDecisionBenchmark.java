package dev.tollgate.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Credential;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole decision for a token the gate has not seen, from as many threads as JMH runs ({@code -t
 * 1}, {@code -t 2}, {@code -t 4}, {@code -t 16}: {@code benchmarks/run.sh cold-threads}). Each
 * thread cycles through its own signed ~1 KB RS256 tokens and forgets each from the cache after its
 * decision, so every decision verifies a signature: the cold path with a fresh token per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColdDecisionBenchmark {
  private static final int TOKENS_PER_THREAD = 32;

  private Fixtures fixtures;
  private Fixtures.Gate built;
  private Tollgate gate;

  @Setup(Level.Trial)
  public void setUp() {
    fixtures = new Fixtures();
    built = fixtures.gate();
    gate = built.tollgate();
  }

  /** One client: its own tokens, each forgotten by the cache once decided. */
  @State(Scope.Thread)
  public static class Client {
    private final List<RequestView> requests = new ArrayList<>();
    private final List<Credential> credentials = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp(ColdDecisionBenchmark shared) {
      for (int i = 0; i < TOKENS_PER_THREAD; i++) {
        String token = shared.fixtures.token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT);
        RequestView request = Fixtures.request(token);
        Decision decision = shared.gate.decide(request);
        if (!(decision instanceof Decision.Allow)) {
          throw new IllegalStateException("the token was refused: " + decision);
        }
        Credential credential = Credential.of(token);
        shared.built.cache().invalidate(credential);
        requests.add(request);
        credentials.add(credential);
      }
    }
  }

  @Benchmark
  public Decision decide(Client client) {
    int i = client.next;
    client.next = (i + 1) % TOKENS_PER_THREAD;
    Decision decision = gate.decide(client.requests.get(i));
    built.cache().invalidate(client.credentials.get(i));
    return decision;
  }

  /** Every decision a miss: each token is allowed (checked in setup) and verified every time. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%n[cold-decision] cache %s%n", built.cache().stats());
    if (built.cache().stats().hitCount() != 0) {
      throw new IllegalStateException("a decision was a cache hit: " + built.cache().stats());
    }
  }
}
