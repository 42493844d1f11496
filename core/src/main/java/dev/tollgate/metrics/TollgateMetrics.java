package dev.tollgate.metrics;

import dev.tollgate.CredentialResolver;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.ratelimit.RateLimitListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer metrics for a {@link dev.tollgate.gate.Tollgate}: decisions by outcome and reason,
 * resolver latency, cache hits and dependency health. Needs {@code io.micrometer:micrometer-core}
 * on the classpath (an optional dependency of Tollgate); nothing else in Tollgate refers to it.
 *
 * <pre>{@code
 * TollgateMetrics metrics = TollgateMetrics.bindTo(registry);
 * CachingCredentialResolver jwt =
 *     metrics.cache("jwt", CachingCredentialResolver.of(
 *         metrics.instrument("jwt", jwtResolver, Set.of("jwks"))));
 * Tollgate gate = Tollgate.builder()
 *     .resource(URI.create("https://mcp.example.com/mcp"))
 *     .resolver(jwt)
 *     .decisionListener(metrics.decisionListener())
 *     .build();
 * }</pre>
 *
 * <p>Instrument the resolver <em>inside</em> the cache, as above, so the latency is the
 * dependency's and health follows real calls, not cache hits.
 *
 * <p>Meters (every tag value is a fixed code or a name the application chose, never an account,
 * client, path or credential, so the number of time series stays small and known):
 *
 * <ul>
 *   <li>{@value #DECISIONS} — counter, tags {@code outcome} ({@code allow}, {@code challenge},
 *       {@code unavailable}, {@code rate_limited}) and {@code reason} (the {@link
 *       dev.tollgate.audit.DecisionEvent#reason() event's reason}: an error code, or for {@code
 *       unavailable} the dependency's name).
 *   <li>{@value #RESOLVER_LATENCY} — timer, tags {@code resolver} and {@code result} ({@code
 *       resolved}, {@code invalid}, {@code not_mine}, {@code unavailable}, or {@code error} when
 *       the resolver threw).
 *   <li>{@value #CACHE_HITS}, {@value #CACHE_MISSES} — function counters; {@value #CACHE_SIZE},
 *       {@value #CACHE_HIT_RATIO} — gauges; tag {@code cache}. The ratio is {@code NaN} before the
 *       first lookup.
 *   <li>{@value #DEPENDENCY_UP} — gauge, tag {@code dependency}: 1 after an instrumented resolver
 *       resolved a credential, 0 after it reported the dependency {@linkplain
 *       dev.tollgate.Resolution.Unavailable unavailable}, {@code NaN} before either.
 * </ul>
 *
 * <p>A tag value that does not look like a code, or beyond {@value TagValues#MAX_VALUES} distinct
 * values of one tag, is reported as {@code other} (dependencies beyond the bound get no gauge), so
 * a resolver that puts request data into a dependency name cannot grow the registry without end.
 *
 * <p>Gauges and function counters hold the cache weakly, as Micrometer's do: they report for as
 * long as the cache is in use.
 */
public final class TollgateMetrics {
  /** Counter of decisions. */
  public static final String DECISIONS = "tollgate.decisions";

  /** Timer of resolver calls. */
  public static final String RESOLVER_LATENCY = "tollgate.resolver.latency";

  /** Function counter of cache hits. */
  public static final String CACHE_HITS = "tollgate.cache.hits";

  /** Function counter of cache misses. */
  public static final String CACHE_MISSES = "tollgate.cache.misses";

  /** Gauge of cache entries. */
  public static final String CACHE_SIZE = "tollgate.cache.size";

  /** Gauge of hits over lookups. */
  public static final String CACHE_HIT_RATIO = "tollgate.cache.hit.ratio";

  /** Gauge of dependency health. */
  public static final String DEPENDENCY_UP = "tollgate.dependency.up";

  /**
   * Request limiter admissions, tagged {@code plan} and {@code outcome} ({@code allowed}, {@code
   * request_limit}, {@code concurrency_limit}, {@code store_unavailable}).
   */
  public static final String RATE_LIMITS = "tollgate.ratelimit";

  private final MeterRegistry registry;
  private final DecisionCounter decisions;
  private final DependencyHealth health;
  private final Set<String> caches = ConcurrentHashMap.newKeySet();

  private TollgateMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.decisions = new DecisionCounter(registry);
    this.health = new DependencyHealth(registry);
  }

  /** Metrics that register their meters in {@code registry}. */
  public static TollgateMetrics bindTo(MeterRegistry registry) {
    return new TollgateMetrics(Objects.requireNonNull(registry, "registry == null"));
  }

  /** A listener for {@code Tollgate.Builder.decisionListener} that counts {@value #DECISIONS}. */
  public DecisionListener decisionListener() {
    return decisions;
  }

  /**
   * A listener counting {@value #RATE_LIMITS} by plan and outcome; give it to {@code
   * PlanRequestLimiter.Builder.listener}. Each call returns a new listener over the same counters.
   */
  public RateLimitListener rateLimitListener() {
    return new RateLimitCounter(registry);
  }

  /**
   * {@code resolver}, timed as {@value #RESOLVER_LATENCY} with tag {@code resolver=name}; the
   * dependencies it reports unavailable get a {@value #DEPENDENCY_UP} gauge.
   *
   * @param name a short code such as {@code jwt}: letters, digits, {@code _ . : -}, at most 64
   */
  public CredentialResolver instrument(String name, CredentialResolver resolver) {
    return instrument(name, resolver, Set.of());
  }

  /**
   * As {@link #instrument(String, CredentialResolver)}, with the names of the dependencies {@code
   * resolver} reports (e.g. {@code jwks}) declared up front, so their {@value #DEPENDENCY_UP}
   * gauges exist before the first outage.
   */
  public CredentialResolver instrument(
      String name, CredentialResolver resolver, Set<String> dependencies) {
    checkName("name", name);
    Objects.requireNonNull(resolver, "resolver == null");
    Set<String> declared = Set.copyOf(dependencies);
    for (String dependency : declared) {
      checkName("dependencies", dependency);
    }
    return new TimedCredentialResolver(name, resolver, declared, registry, health);
  }

  /**
   * Registers {@code cache}'s hits, misses, size and hit ratio with tag {@code cache=name}, and
   * returns it, so it can be wrapped in place.
   *
   * @throws IllegalArgumentException if a cache of that name is already bound: Micrometer would
   *     otherwise keep reporting the first one under the name
   */
  public CachingCredentialResolver cache(String name, CachingCredentialResolver cache) {
    checkName("name", name);
    Objects.requireNonNull(cache, "cache == null");
    if (!caches.add(name)) {
      throw new IllegalArgumentException("a cache named " + name + " is already bound");
    }
    FunctionCounter.builder(CACHE_HITS, cache, c -> c.stats().hitCount())
        .description("Credential lookups answered from the cache")
        .tag("cache", name)
        .register(registry);
    FunctionCounter.builder(CACHE_MISSES, cache, c -> c.stats().missCount())
        .description("Credential lookups that called the wrapped resolver")
        .tag("cache", name)
        .register(registry);
    Gauge.builder(CACHE_SIZE, cache, c -> c.stats().size())
        .description("Entries in the credential cache")
        .tag("cache", name)
        .register(registry);
    Gauge.builder(CACHE_HIT_RATIO, cache, TollgateMetrics::hitRatio)
        .description("Hits over lookups since the cache was created")
        .tag("cache", name)
        .register(registry);
    return cache;
  }

  private static double hitRatio(CachingCredentialResolver cache) {
    CachingCredentialResolver.Stats stats = cache.stats();
    long lookups = stats.hitCount() + stats.missCount();
    return lookups == 0 ? Double.NaN : (double) stats.hitCount() / lookups;
  }

  private static void checkName(String setting, String name) {
    Objects.requireNonNull(name, setting + " == null");
    if (!TagValues.isCode(name)) {
      throw new IllegalArgumentException(
          setting + " must be 1 to 64 letters, digits or _ . : - starting with a letter or digit");
    }
  }
}
