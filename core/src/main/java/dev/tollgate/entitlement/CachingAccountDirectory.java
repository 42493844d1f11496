package dev.tollgate.entitlement;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AccountDirectory} that remembers answers briefly, so the account store is not asked on
 * every request.
 *
 * <p>Both found and unknown accounts are cached for {@link Builder#ttl(Duration) ttl} (default 30
 * seconds: long enough to absorb a burst of MCP calls, short enough that an upgrade or a downgrade
 * takes effect within a single retry); failures are never cached. Concurrent misses for one account
 * make one call to the store. Call {@link #invalidate(String)} when an account changes (upgrade,
 * purchase) for the change to apply at once on this node.
 */
public final class CachingAccountDirectory implements AccountDirectory {
  /** The default time an answer is reused. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  /** The default number of accounts kept; bounds memory under a flood of distinct account ids. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  private final AccountDirectory delegate;
  private final Cache<String, Optional<Account>> cache;

  private CachingAccountDirectory(Builder builder) {
    this.delegate = builder.delegate;
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(builder.ttl)
            .maximumSize(builder.maximumSize)
            .ticker(builder.ticker)
            .build();
  }

  /** Starts a cache in front of {@code delegate}. */
  public static Builder builder(AccountDirectory delegate) {
    return new Builder(delegate);
  }

  @Override
  public Optional<Account> find(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    // A DependencyUnavailableException from the delegate propagates and nothing is cached.
    return cache.get(
        accountId, id -> Objects.requireNonNull(delegate.find(id), "find returned null"));
  }

  /** Forgets what is known of {@code accountId}; the next lookup asks the store. */
  public void invalidate(String accountId) {
    cache.invalidate(Objects.requireNonNull(accountId, "accountId == null"));
  }

  /** Forgets every account. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** Configures a {@link CachingAccountDirectory}; validated in {@link #build()}. */
  public static final class Builder {
    private final AccountDirectory delegate;
    private Duration ttl = DEFAULT_TTL;
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Ticker ticker = Ticker.systemTicker();

    private Builder(AccountDirectory delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    }

    /** How long an answer is reused; positive. */
    public Builder ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl == null");
      return this;
    }

    /** How many accounts are kept at most; positive. */
    public Builder maximumSize(long maximumSize) {
      this.maximumSize = maximumSize;
      return this;
    }

    /** The time source; inject a fake one in tests instead of sleeping. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker == null");
      return this;
    }

    public CachingAccountDirectory build() {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalStateException("ttl must be positive, was " + ttl);
      }
      if (maximumSize <= 0) {
        throw new IllegalStateException("maximumSize must be positive, was " + maximumSize);
      }
      return new CachingAccountDirectory(this);
    }
  }
}
