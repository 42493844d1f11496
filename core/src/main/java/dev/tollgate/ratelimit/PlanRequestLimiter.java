package dev.tollgate.ratelimit;

import dev.tollgate.Admission;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Permit;
import dev.tollgate.RateLimitHeaders;
import dev.tollgate.RequestLimiter;
import dev.tollgate.RequestView;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.internal.SetOnce;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request limits a plan can sell: per account (optionally per client within it), a token bucket
 * ({@link RateLimit}) and a cap on calls in flight, chosen by the account's plan, with tools that
 * cost more than one token.
 *
 * <pre>{@code
 * PlanRequestLimiter.builder()
 *     .plan("free", RateLimit.parse("60/PT1M"))
 *     .plan("professional", RateLimit.parse("600/PT1M,burst=60"))
 *     .concurrency("free", 2)
 *     .toolCost("generate_report", 10)
 *     .store(PostgresRateLimitStore.builder(dataSource).build())
 *     .build();
 * }</pre>
 *
 * <p>The plan is read from the principal's {@linkplain Builder#planClaim plan claim} (or
 * {@linkplain Builder#planOf looked up}); an account whose plan has no limits of its own gets the
 * {@value #DEFAULT_PLAN} plan's, if configured, else none. The concurrency slot is taken first and
 * given back when the bucket refuses, so a refused call costs no slot and a call refused for
 * concurrency costs no token.
 *
 * <p>Failure modes: when the shared {@link RateLimitStore} or {@link ConcurrencyStore} cannot
 * answer, the limiter by default <em>fails open to local limits</em>: the same limits are applied
 * in this JVM alone, so an outage of the store loosens the limit to once per node instead of taking
 * the API down. {@link Builder#failClosed()} answers 503 instead. Either way the failure is logged
 * (at most every ten seconds) and reported to the {@link RateLimitListener}. The stores bound how
 * long they may block (see {@link PostgresRateLimitStore}).
 */
public final class PlanRequestLimiter implements RequestLimiter {
  /** The plan whose limits apply to accounts whose plan has none of its own. */
  public static final String DEFAULT_PLAN = "default";

  private static final Logger log = LoggerFactory.getLogger(PlanRequestLimiter.class);
  private static final Pattern PLAN_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,128}");
  private static final String TOOLS_CALL = "tools/call";
  private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

  /**
   * A slot frees up when some call completes, which no one can predict; one second is a fair ask.
   */
  private static final Duration CONCURRENCY_RETRY = Duration.ofSeconds(1);

  private final Map<String, RateLimit> rates;
  private final Map<String, Integer> caps;
  private final Map<String, Long> toolCosts;
  private final boolean perClient;
  private final Function<TollgatePrincipal, @Nullable String> planOf;
  private final RateLimitStore store;
  private final @Nullable RateLimitStore localStore;
  private final ConcurrencyStore concurrency;
  private final @Nullable ConcurrencyStore localConcurrency;
  private final boolean failOpen;
  private final boolean headersOnAllowed;
  private final RateLimitListener listener;
  private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

  private PlanRequestLimiter(Builder builder) {
    this.rates = Map.copyOf(builder.rates);
    this.caps = Map.copyOf(builder.caps);
    this.toolCosts = Map.copyOf(builder.toolCosts);
    this.perClient = builder.perClient;
    String claim = builder.planClaim;
    Function<TollgatePrincipal, @Nullable String> given = builder.planOf;
    this.planOf =
        given != null
            ? given
            : principal -> principal.attributes().get(claim) instanceof String name ? name : null;
    RateLimitStore shared = builder.store;
    this.store = shared != null ? shared : RateLimitStore.inMemory();
    this.localStore = shared != null ? RateLimitStore.inMemory() : null;
    ConcurrencyStore sharedConcurrency = builder.concurrencyStore;
    this.concurrency = sharedConcurrency != null ? sharedConcurrency : ConcurrencyStore.inMemory();
    this.localConcurrency = sharedConcurrency != null ? ConcurrencyStore.inMemory() : null;
    this.failOpen = builder.failOpen;
    this.headersOnAllowed = builder.headersOnAllowed;
    this.listener = builder.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Admission admit(TollgatePrincipal principal, RequestView request) {
    String plan = plan(principal);
    RateLimit rate = rates.get(plan);
    int cap = caps.getOrDefault(plan, 0);
    if (rate == null && cap == 0) {
      return Admission.UNLIMITED;
    }
    String key = key(plan, principal);
    Permit permit = Permit.none();
    if (cap > 0) {
      Permit slot = acquire(plan, key, cap);
      if (slot == null) {
        listener.onAdmission(plan, Admission.Limited.CONCURRENCY_LIMIT);
        return new Admission.Limited(
            CONCURRENCY_RETRY,
            concurrencyHeaders(plan, rate, cap),
            Admission.Limited.CONCURRENCY_LIMIT);
      }
      permit = slot;
    }
    if (rate == null) {
      listener.onAdmission(plan, RateLimitListener.ALLOWED);
      return new Admission.Admitted(permit, null);
    }
    RateLimitStore.Consumption consumption;
    try {
      consumption = consume(plan, key, rate, cost(request));
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
    if (!consumption.consumed()) {
      permit.release();
      listener.onAdmission(plan, Admission.Limited.REQUEST_LIMIT);
      return new Admission.Limited(
          Duration.ofSeconds(Math.max(1, seconds(consumption.waitNanos()))),
          headers(plan, rate, cap, consumption),
          Admission.Limited.REQUEST_LIMIT);
    }
    listener.onAdmission(plan, RateLimitListener.ALLOWED);
    // The header strings are built only when they are sent: by default not on allowed requests.
    return new Admission.Admitted(
        permit, headersOnAllowed ? headers(plan, rate, cap, consumption) : null);
  }

  private static RateLimitHeaders headers(
      String plan, @Nullable RateLimit rate, int cap, RateLimitStore.Consumption consumption) {
    return new RateLimitHeaders(
        policy(plan, rate, cap),
        RateLimitFields.limitItem(
            plan, consumption.remaining(), seconds(consumption.resetNanos())));
  }

  private @Nullable Permit acquire(String plan, String key, int cap) {
    try {
      return concurrency.tryAcquire(key, cap);
    } catch (RuntimeException e) {
      ConcurrencyStore local = storeFailed(plan, "concurrency-store", e, localConcurrency);
      return local.tryAcquire(key, cap);
    }
  }

  private RateLimitStore.Consumption consume(String plan, String key, RateLimit rate, long cost) {
    try {
      return store.tryConsume(key, rate, cost);
    } catch (RuntimeException e) {
      RateLimitStore local = storeFailed(plan, "rate-limit-store", e, localStore);
      return local.tryConsume(key, rate, cost);
    }
  }

  /** The local fallback when failing open; otherwise throws the 503. */
  private <T> T storeFailed(String plan, String dependency, RuntimeException e, @Nullable T local) {
    listener.onAdmission(plan, RateLimitListener.STORE_UNAVAILABLE);
    long now = System.nanoTime();
    long last = lastFailureLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
      log.warn(
          "Rate limit {} unavailable; {}: {}",
          dependency,
          failOpen && local != null ? "applying local limits" : "answering 503",
          e.toString());
    }
    if (!failOpen || local == null) {
      throw e instanceof DependencyUnavailableException unavailable
          ? unavailable
          : new DependencyUnavailableException(dependency, e);
    }
    return local;
  }

  /** A configured plan name (so only those ever reach a header), else {@value #DEFAULT_PLAN}. */
  private String plan(TollgatePrincipal principal) {
    String name = planOf.apply(principal);
    if (name != null) {
      String plan = name.toLowerCase(Locale.ROOT);
      if (rates.containsKey(plan) || caps.containsKey(plan)) {
        return plan;
      }
    }
    return DEFAULT_PLAN;
  }

  private String key(String plan, TollgatePrincipal principal) {
    String account = principal.accountId();
    String client = principal.clientId();
    return perClient && client != null
        ? plan + ':' + account.length() + ':' + account + ':' + client
        : plan + ':' + account.length() + ':' + account;
  }

  private long cost(RequestView request) {
    if (toolCosts.isEmpty() || !TOOLS_CALL.equals(request.mcpMethod())) {
      return 1;
    }
    String tool = request.mcpToolName();
    Long cost = tool != null ? toolCosts.get(tool) : null;
    return cost != null ? cost : 1;
  }

  private static String policy(String plan, @Nullable RateLimit rate, int cap) {
    String bucket = rate != null ? RateLimitFields.policyItem(plan, rate) : null;
    String slots = cap > 0 ? RateLimitFields.concurrencyItem(plan, cap) : null;
    if (bucket == null) {
      return Objects.requireNonNull(slots);
    }
    return slots == null ? bucket : bucket + ", " + slots;
  }

  private static RateLimitHeaders concurrencyHeaders(
      String plan, @Nullable RateLimit rate, int cap) {
    return new RateLimitHeaders(
        policy(plan, rate, cap), RateLimitFields.limitItem(plan + "-concurrency", 0, 1));
  }

  private static long seconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }

  /** Configures a {@link PlanRequestLimiter}; validated in {@link #build()}. */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private final Map<String, RateLimit> rates = new LinkedHashMap<>();
    private final Map<String, Integer> caps = new LinkedHashMap<>();
    private final Map<String, Long> toolCosts = new LinkedHashMap<>();
    private boolean perClient;
    private String planClaim = "plan";
    private @Nullable Function<TollgatePrincipal, @Nullable String> planOf;
    private @Nullable RateLimitStore store;
    private @Nullable ConcurrencyStore concurrencyStore;
    private boolean failOpen = true;
    private boolean headersOnAllowed;
    private RateLimitListener listener = RateLimitListener.none();

    private Builder() {}

    /** The token bucket of accounts on {@code plan}; {@value #DEFAULT_PLAN} for all others. */
    public Builder plan(String plan, RateLimit limit) {
      Objects.requireNonNull(limit, "limit == null");
      RateLimit previous = rates.putIfAbsent(requirePlan(plan, "rate-limits"), limit);
      if (previous != null) {
        throw new IllegalArgumentException(
            "rate-limits: plan '" + plan + "' already has " + previous);
      }
      return this;
    }

    /** At most {@code cap} calls in flight per account on {@code plan}. */
    public Builder concurrency(String plan, int cap) {
      if (cap < 1 || cap > 100_000) {
        throw new IllegalArgumentException(
            "concurrency-limits: plan '" + plan + "' cap must be 1 to 100000, was " + cap);
      }
      Integer previous = caps.putIfAbsent(requirePlan(plan, "concurrency-limits"), cap);
      if (previous != null) {
        throw new IllegalArgumentException(
            "concurrency-limits: plan '" + plan + "' already has " + previous);
      }
      return this;
    }

    /** A {@code tools/call} of {@code tool} takes {@code cost} tokens instead of one. */
    public Builder toolCost(String tool, long cost) {
      if (tool == null || !TOOL_NAME.matcher(tool).matches()) {
        throw new IllegalArgumentException("tool-costs: invalid tool name '" + tool + "'");
      }
      if (cost < 1 || cost > RateLimit.MAX_TOKENS) {
        throw new IllegalArgumentException(
            "tool-costs: cost of '"
                + tool
                + "' must be 1 to "
                + RateLimit.MAX_TOKENS
                + ", was "
                + cost);
      }
      Long previous = toolCosts.putIfAbsent(tool, cost);
      if (previous != null) {
        throw new IllegalArgumentException(
            "tool-costs: tool '" + tool + "' already costs " + previous);
      }
      return this;
    }

    /**
     * Separate buckets and caps per client id within an account (one runaway agent then spends only
     * its own).
     */
    public Builder perClient(boolean perClient) {
      once.set("perClient", perClient);
      this.perClient = perClient;
      return this;
    }

    /** The principal attribute (token claim) naming the plan; {@code plan} by default. */
    public Builder planClaim(String planClaim) {
      once.set("planClaim", planClaim);
      this.planClaim = Objects.requireNonNull(planClaim, "planClaim == null");
      return this;
    }

    /**
     * Where the plan comes from when it is not a token claim, e.g. {@code principal ->
     * accounts.find(principal.accountId()).map(a -> a.plan().name()).orElse(null)}; replaces {@link
     * #planClaim(String)}. It runs on every allowed request, so it should be a cached or in-memory
     * lookup.
     */
    public Builder planOf(Function<TollgatePrincipal, @Nullable String> planOf) {
      once.set("planOf", planOf);
      this.planOf = Objects.requireNonNull(planOf, "planOf == null");
      return this;
    }

    /** Where buckets live; in this JVM by default, which does not hold across nodes. */
    public Builder store(RateLimitStore store) {
      if (this.store != null) {
        throw new IllegalStateException("store was already set to " + this.store);
      }
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** Where in-flight counts live; in this JVM by default (a cap per node). */
    public Builder concurrencyStore(ConcurrencyStore concurrencyStore) {
      if (this.concurrencyStore != null) {
        throw new IllegalStateException(
            "concurrencyStore was already set to " + this.concurrencyStore);
      }
      this.concurrencyStore = Objects.requireNonNull(concurrencyStore, "concurrencyStore == null");
      return this;
    }

    /** When a shared store is down, answer 503 instead of applying the limits locally. */
    public Builder failClosed() {
      once.set("failClosed", true);
      this.failOpen = false;
      return this;
    }

    /**
     * Send {@code RateLimit} and {@code RateLimit-Policy} on allowed responses too, not only on
     * 429.
     */
    public Builder headersOnAllowed(boolean headersOnAllowed) {
      once.set("headersOnAllowed", headersOnAllowed);
      this.headersOnAllowed = headersOnAllowed;
      return this;
    }

    public Builder listener(RateLimitListener listener) {
      once.set("listener", listener);
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    public PlanRequestLimiter build() {
      if (rates.isEmpty() && caps.isEmpty()) {
        throw new IllegalStateException(
            "rate-limits or concurrency-limits: at least one plan is required");
      }
      for (Map.Entry<String, Long> tool : toolCosts.entrySet()) {
        for (Map.Entry<String, RateLimit> plan : rates.entrySet()) {
          if (tool.getValue() > plan.getValue().burst()) {
            throw new IllegalStateException(
                "tool-costs: '"
                    + tool.getKey()
                    + "' costs "
                    + tool.getValue()
                    + ", more than the burst "
                    + plan.getValue().burst()
                    + " of plan '"
                    + plan.getKey()
                    + "', so it could never be called");
          }
        }
      }
      return new PlanRequestLimiter(this);
    }

    private static String requirePlan(String plan, String setting) {
      if (plan == null || !PLAN_NAME.matcher(plan).matches()) {
        throw new IllegalArgumentException(
            setting + ": plan name must be 1 to 64 of [a-z0-9_-], was '" + plan + "'");
      }
      return plan;
    }
  }
}
