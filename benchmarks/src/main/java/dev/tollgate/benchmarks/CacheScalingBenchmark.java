package dev.tollgate.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * The cached decision as the cache fills: {@code cached} distinct ~1 KB tokens are resolved once,
 * then every operation decides a request carrying one of them, picked at random, so the entry (and
 * the principal it holds) is as likely out of the CPU's caches as it would be in production.
 *
 * <p>Minting a million signed tokens would take an hour, so the tokens are one real RS256 token
 * with its last eight signature characters replaced by the token's number, resolved by a stand-in
 * resolver that returns a fresh copy of the real token's principal; the gate around the cache
 * (router, revocation, entitlement, scopes) is the real one. {@code request} is the cost of
 * building each request's 1 KB header, paid by both methods: subtract it from {@code decide}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
public class CacheScalingBenchmark {
  private static final int NUMBER_LENGTH = 8;
  private static final char[] DIGITS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  /** Distinct tokens cached before measuring. */
  @Param({"1000", "10000", "100000", "1000000"})
  public int cached;

  private Tollgate gate;
  private Fixtures.Gate built;
  private char[] template;

  @Setup(Level.Trial)
  public void setUp() {
    Fixtures fixtures = new Fixtures();
    String token = fixtures.token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT);
    Resolution real = fixtures.jwtResolver(fixtures.jwkSource()).resolve(Credential.of(token));
    if (!(real instanceof Resolution.Resolved resolved)) {
      throw new IllegalStateException("the real token was refused: " + real);
    }
    TollgatePrincipal shape = resolved.principal();
    CredentialResolver standIn =
        credential -> Resolution.resolved(CacheFootprint.freshCopyOf(shape));
    built = fixtures.gate(standIn, cached);
    gate = built.tollgate();
    template = token.toCharArray();
    for (int i = 0; i < cached; i++) {
      Decision decision = gate.decide(request(i));
      if (!(decision instanceof Decision.Allow)) {
        throw new IllegalStateException("token " + i + " was not allowed: " + decision);
      }
    }
  }

  /** Every measured decision was a hit: the misses are the setup's, one per token. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%n[cache-scaling %d] cache %s%n", cached, built.cache().stats());
    if (built.cache().stats().missCount() != cached) {
      throw new IllegalStateException("a token was resolved again: " + built.cache().stats());
    }
  }

  @Benchmark
  public Decision decide() {
    return gate.decide(request(ThreadLocalRandom.current().nextInt(cached)));
  }

  @Benchmark
  public RequestView request() {
    return request(ThreadLocalRandom.current().nextInt(cached));
  }

  private RequestView request(int number) {
    char[] token = template.clone();
    int at = token.length - NUMBER_LENGTH;
    int rest = number;
    for (int i = 0; i < NUMBER_LENGTH; i++) {
      token[at + i] = DIGITS[rest & 63];
      rest >>>= 6;
    }
    return Fixtures.request(new String(token));
  }
}
