package dev.tollgate.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Credential;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.bearer.BearerExtraction;
import dev.tollgate.bearer.BearerTokenExtractor;
import dev.tollgate.gate.McpAwareGate;
import dev.tollgate.gate.Tollgate;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The whole core decision ({@link Tollgate#decide}) for a request whose credential is already
 * known, wired as {@code TollgateSettings} wires it: header parsing, the router, then for a JWT the
 * credential's SHA-256 (the cache key) and the cache hit, for an API key its store; then
 * revocation, entitlement and scopes. Budget: 1 microsecond for a 1 KB JWT, 0.3 for an API key.
 *
 * <p>{@code decideReadingBody} is the decision as the servlet filter makes it for a POST: through
 * {@link McpAwareGate}, which reads the JSON-RPC body (from memory here) and parses it for the
 * method and tool the rules need, as the load test's requests are decided.
 *
 * <p>The other benchmarks measure parts on their own: {@code extract} (the header's copy and the
 * b64token grammar check a credential gets when no resolver knows it yet; a hit skips the check),
 * {@code cacheHit} (the credential's SHA-256 and the cache lookup) and {@code credentialHash}
 * ({@link Credential#sha256Hex()}, the hex form the API-key store is asked with).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CachedDecisionBenchmark {
  private static final byte[] BODY = Fixtures.TOOLS_CALL_BODY.getBytes(StandardCharsets.UTF_8);

  /** The load test's body, as a container offers it: JSON, its length declared. */
  private static final McpAwareGate.Body POSTED =
      new McpAwareGate.Body() {
        @Override
        public String contentType() {
          return "application/json";
        }

        @Override
        public long contentLength() {
          return BODY.length;
        }

        @Override
        public InputStream open() {
          return new ByteArrayInputStream(BODY);
        }
      };

  /** {@code jwt}: a ~1 KB RS256 access token; {@code apikey}: a {@code tgk_} API key. */
  @Param({"jwt", "apikey"})
  public String credential;

  private Tollgate gate;
  private Fixtures.Gate built;
  private RequestView request;
  private RequestView post;
  private McpAwareGate mcpGate;
  private String value;
  private final BearerTokenExtractor extractor = BearerTokenExtractor.create();

  @Setup(Level.Trial)
  public void setUp() {
    Fixtures fixtures = new Fixtures();
    built = fixtures.gate();
    gate = built.tollgate();
    value =
        credential.equals("jwt")
            ? fixtures.token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT)
            : built.apiKey();
    request = Fixtures.request(value);
    post = Fixtures.post(value);
    mcpGate = new McpAwareGate(gate, McpAwareGate.DEFAULT_BODY_LIMIT);
    Decision first = gate.decide(request);
    if (!(first instanceof Decision.Allow)) {
      throw new IllegalStateException("the benchmark request is not allowed: " + first);
    }
    long expectedMisses = credential.equals("jwt") ? 1 : 0;
    if (built.cache().stats().missCount() != expectedMisses) {
      throw new IllegalStateException(
          "expected " + expectedMisses + " cache misses, was " + built.cache().stats());
    }
  }

  /**
   * Proves the measured decisions of a JWT were cache hits: one miss (the setup's, or for an API
   * key {@code cacheHit}'s first call), the rest hits.
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%n[cached-decision %s] cache %s%n", credential, built.cache().stats());
    if (built.cache().stats().missCount() > 1) {
      throw new IllegalStateException(
          "the credential was resolved again: " + built.cache().stats());
    }
    if (!(decideReadingBody().decision() instanceof Decision.Allow)) {
      throw new IllegalStateException("the posted request is not allowed");
    }
    if (!(extract() instanceof BearerExtraction.Found)) {
      throw new IllegalStateException("the benchmark header does not parse");
    }
  }

  @Benchmark
  public Decision decide() {
    return gate.decide(request);
  }

  @Benchmark
  public McpAwareGate.Outcome decideReadingBody() {
    return mcpGate.decide(post, POSTED);
  }

  @Benchmark
  public BearerExtraction extract() {
    return extractor.extract(request);
  }

  @Benchmark
  public Resolution cacheHit() {
    return built.cache().resolve(Credential.of(value));
  }

  @Benchmark
  public String credentialHash() {
    return Credential.of(value).sha256Hex();
  }
}
