package dev.tollgate.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tollgate.internal.SetOnce;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Limits failed authorization attempts per client address: at most {@code maxFailures} in a burst,
 * then one more every {@code per / maxFailures}, so a sustained rate of {@code maxFailures} per
 * {@code per}; a burst followed by steady attempts can fit at most {@code 2 * maxFailures - 1} into
 * one window of {@code per}. Only failures count; the gate answers 429 (RFC 6585 §4) to an address
 * over the limit before resolving its credential, so a guesser learns nothing and dependencies
 * carry no load for it.
 *
 * <p>The algorithm is GCRA (a token bucket kept as one timestamp per address, updated with a
 * compare-and-set), so no lock is taken on the request path. Addresses live in a Caffeine cache
 * bounded by {@link Builder#maximumAddresses(long)}: a flood of distinct addresses evicts old
 * entries (forgetting their failures) instead of exhausting memory. An attacker with many addresses
 * is not stopped by this limiter; it is one layer, not a WAF.
 *
 * <p>IPv6 addresses are counted per {@code /64}, the block one subscriber is usually given, so that
 * rotating through one's own prefix does not reset the count. Requests already in flight when the
 * limit is reached still complete, so the count can overshoot by the client's concurrency.
 *
 * <p>The address is what the adapter reports as the client ({@link
 * dev.tollgate.RequestView#remoteAddress()}). Behind a reverse proxy that is the proxy, shared by
 * every client, unless the adapter is told which proxies to believe ({@link TrustedProxies}); see
 * {@code Tollgate.Builder.failureRateLimit} before turning this on there. With several nodes, a
 * {@linkplain Builder#store shared store} keeps the count across them.
 */
public final class FailureRateLimiter {
  /**
   * Default bound on tracked addresses: at a few hundred bytes each, 100,000 entries stay in the
   * tens of megabytes, while covering far more distinct failing clients than a server sees.
   */
  public static final long DEFAULT_MAXIMUM_ADDRESSES = 100_000;

  private static final String STORE_KEY_PREFIX = "failures:";

  private final int maxFailures;
  private final Duration per;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final Ticker ticker;

  /** Per address key, the GCRA "theoretical arrival time" of the next failure, in ticker nanos. */
  private final Cache<String, AtomicLong> arrivals;

  private final @Nullable RateLimitStore store;
  private final RateLimit sharedLimit;

  private FailureRateLimiter(Builder builder) {
    this.maxFailures = builder.maxFailures;
    this.per = builder.per;
    long perNanos = builder.per.toNanos();
    this.intervalNanos = Math.max(1, perNanos / builder.maxFailures);
    this.toleranceNanos = perNanos - intervalNanos;
    this.ticker = builder.ticker;
    this.store = builder.store;
    long failures = Math.min(builder.maxFailures, RateLimit.MAX_TOKENS);
    this.sharedLimit =
        new RateLimit(
            failures,
            builder.per.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : builder.per,
            failures);
    this.arrivals =
        Caffeine.newBuilder()
            .maximumSize(builder.maximumAddresses)
            // Once `per` has passed without a failure the bucket is full again: nothing to keep.
            .expireAfterAccess(builder.per)
            .ticker(builder.ticker)
            // Maintenance is a few map operations; run it inline rather than on the common pool.
            .executor(Runnable::run)
            .build();
  }

  /**
   * A limiter allowing {@code maxFailures} failures per {@code per}; see {@link Builder} for the
   * rest.
   */
  public static Builder builder(int maxFailures, Duration per) {
    return new Builder(maxFailures, per);
  }

  /**
   * How long {@code address} must wait before its credentials are looked at again, or {@code null}
   * when it may try now.
   */
  public @Nullable Duration blockedFor(String address) {
    AtomicLong arrival = arrivals.getIfPresent(key(address));
    if (arrival == null) {
      return null;
    }
    long wait = arrival.get() - ticker.read() - toleranceNanos;
    return wait > 0 ? Duration.ofNanos(wait) : null;
  }

  /**
   * Counts one failed attempt from {@code address}: in the shared {@linkplain Builder#store store}
   * when there is one (falling back to this node's count when it cannot answer), else here.
   */
  public void recordFailure(String address) {
    String key = key(address);
    RateLimitStore shared = store;
    if (shared != null) {
      try {
        RateLimitStore.Consumption counted =
            shared.tryConsume(STORE_KEY_PREFIX + key, sharedLimit, 1);
        if (!counted.consumed() || counted.remaining() == 0) {
          // The shared bucket is empty: block here too, until it holds a failure again.
          long wait =
              counted.consumed()
                  ? counted.resetNanos() - (sharedLimit.burst() - 1) * sharedLimit.intervalNanos()
                  : counted.waitNanos();
          long now = ticker.read();
          long blockedUntil = now + toleranceNanos + Math.max(1, wait);
          arrivals
              .get(key, unused -> new AtomicLong(Long.MIN_VALUE))
              .getAndUpdate(tat -> Math.max(tat, blockedUntil));
        }
        return;
      } catch (RuntimeException e) {
        // The store is down: count on this node alone rather than not at all.
      }
    }
    AtomicLong arrival = arrivals.get(key, unused -> new AtomicLong(Long.MIN_VALUE));
    long now = ticker.read();
    arrival.getAndUpdate(tat -> (tat == Long.MIN_VALUE ? now : Math.max(tat, now)) + intervalNanos);
  }

  /** The configured number of failures allowed per {@link #per()}. */
  public int maxFailures() {
    return maxFailures;
  }

  /** The configured window. */
  public Duration per() {
    return per;
  }

  long trackedAddresses() {
    arrivals.cleanUp();
    return arrivals.estimatedSize();
  }

  /** The counting key: the address itself, or for IPv6 its {@code /64} prefix. */
  static String key(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    String ipv6 =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    int zone = ipv6.indexOf('%');
    if (zone >= 0) {
      ipv6 = ipv6.substring(0, zone);
    }
    int[] groups = Ipv6.parse(ipv6);
    if (groups == null) {
      return address;
    }
    if (Ipv6.isIpv4Mapped(groups)) {
      return (groups[6] >> 8)
          + "."
          + (groups[6] & 0xff)
          + "."
          + (groups[7] >> 8)
          + "."
          + (groups[7] & 0xff);
    }
    return String.format("%x:%x:%x:%x::/64", groups[0], groups[1], groups[2], groups[3]);
  }

  /** Configures a {@link FailureRateLimiter}; validated in {@link #build()}. */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private final int maxFailures;
    private final Duration per;
    private long maximumAddresses = DEFAULT_MAXIMUM_ADDRESSES;
    private Ticker ticker = Ticker.systemTicker();
    private @Nullable RateLimitStore store;

    private Builder(int maxFailures, Duration per) {
      this.maxFailures = maxFailures;
      this.per = Objects.requireNonNull(per, "per == null");
    }

    /** Bounds the number of addresses tracked at once; see {@link #DEFAULT_MAXIMUM_ADDRESSES}. */
    public Builder maximumAddresses(long maximumAddresses) {
      once.set("maximumAddresses", maximumAddresses);
      this.maximumAddresses = maximumAddresses;
      return this;
    }

    /**
     * Counts failures in {@code store}, shared by every node (e.g. {@link PostgresRateLimitStore}),
     * so brute-force protection holds across nodes: once the shared count is over the limit, each
     * node blocks the address at its next failure from it, so at most {@code maxFailures} plus one
     * per node get through per window. Blocking stays a local lookup; only failures touch the
     * store, and when it cannot answer they are counted on this node alone.
     */
    public Builder store(RateLimitStore store) {
      once.set("store", store);
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** The time source; tests inject a fake one. */
    public Builder ticker(Ticker ticker) {
      once.set("ticker", ticker);
      this.ticker = Objects.requireNonNull(ticker, "ticker == null");
      return this;
    }

    public FailureRateLimiter build() {
      if (maxFailures < 1) {
        throw new IllegalStateException(
            "failureRateLimit maxFailures must be at least 1, was " + maxFailures);
      }
      if (per.isNegative() || per.isZero()) {
        throw new IllegalStateException("failureRateLimit per must be positive, was " + per);
      }
      if (per.compareTo(Duration.ofDays(1)) > 0) {
        // Longer windows turn a typo into a day-long lockout of a shared address.
        throw new IllegalStateException("failureRateLimit per must be at most one day, was " + per);
      }
      if (maximumAddresses < 1) {
        throw new IllegalStateException(
            "maximumAddresses must be at least 1, was " + maximumAddresses);
      }
      return new FailureRateLimiter(this);
    }
  }
}
