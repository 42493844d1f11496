package dev.tollgate.account.apikey;

import dev.tollgate.Entitlement;
import dev.tollgate.apikey.ApiKey;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyRecord;
import dev.tollgate.apikey.ApiKeyStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues, renews, revokes and describes the one API key each account may hold.
 *
 * <p>The plaintext key exists only in the {@link IssuedApiKey} that {@link #create} or {@link
 * #renew} returns; the store keeps its SHA-256. Renewal replaces the key atomically, so the old key
 * is refused from the next request on, and revocation takes effect at once (the resolver reads the
 * store on every call; a caching layer must be invalidated alongside).
 *
 * <p>Every method throws {@link dev.tollgate.DependencyUnavailableException} when the store or the
 * eligibility policy cannot answer. Instances are immutable and thread-safe.
 */
public final class ApiKeyService {
  static final String ALREADY_EXISTS =
      "The account already has an API key; renew or revoke it instead";
  static final String NOT_FOUND = "The account has no API key to renew";
  static final String NOT_ELIGIBLE = "The account is not eligible for an API key";

  private final ApiKeyStore store;
  private final ApiKeyFormat format;
  private final ApiKeyEligibility eligibility;
  private final Clock clock;

  private ApiKeyService(Builder builder) {
    this.store = builder.store;
    this.format = builder.format;
    this.eligibility = builder.eligibility;
    this.clock = builder.clock;
  }

  /** Starts a service over {@code store}. */
  public static Builder builder(ApiKeyStore store) {
    return new Builder(store);
  }

  /**
   * Creates the account's key.
   *
   * @throws ApiKeyRefusedException {@code NOT_ELIGIBLE} when the eligibility policy refuses, or
   *     {@code ALREADY_EXISTS} when the account has a key (also when another request created one at
   *     the same moment: the store decides)
   */
  public IssuedApiKey create(String accountId) {
    ApiKeyRecord.requireAccountId(accountId);
    requireEligible(accountId);
    ApiKey key = format.generate();
    ApiKeyRecord record = newRecord(accountId, key);
    if (!store.insert(record)) {
      throw new ApiKeyRefusedException(
          ApiKeyRefusedException.Reason.ALREADY_EXISTS, ALREADY_EXISTS, null);
    }
    return issued(record, key);
  }

  /**
   * Replaces the account's key with a new one; the old key is refused from the next request on.
   * Renewal mints a key, so the account must still be eligible.
   *
   * @throws ApiKeyRefusedException {@code NOT_ELIGIBLE}, or {@code NOT_FOUND} when the account has
   *     no key (create one instead)
   */
  public IssuedApiKey renew(String accountId) {
    ApiKeyRecord.requireAccountId(accountId);
    requireEligible(accountId);
    ApiKey key = format.generate();
    ApiKeyRecord record = newRecord(accountId, key);
    if (!store.replace(record)) {
      throw new ApiKeyRefusedException(ApiKeyRefusedException.Reason.NOT_FOUND, NOT_FOUND, null);
    }
    return issued(record, key);
  }

  /**
   * Revokes the account's key; it is refused from the next request on.
   *
   * @return {@code false} when the account had no key
   */
  public boolean revoke(String accountId) {
    ApiKeyRecord.requireAccountId(accountId);
    return store.delete(accountId);
  }

  /** What may be shown about the account's key, or empty when it has none. Never the key. */
  public Optional<ApiKeyMetadata> describe(String accountId) {
    ApiKeyRecord.requireAccountId(accountId);
    return store.findByAccount(accountId).map(ApiKeyMetadata::of);
  }

  private void requireEligible(String accountId) {
    Entitlement verdict =
        Objects.requireNonNull(eligibility.check(accountId), "eligibility verdict");
    if (!verdict.allowed()) {
      String description = verdict.description();
      throw new ApiKeyRefusedException(
          ApiKeyRefusedException.Reason.NOT_ELIGIBLE,
          description != null && !description.isBlank() ? description : NOT_ELIGIBLE,
          verdict.upgradeUri());
    }
  }

  private ApiKeyRecord newRecord(String accountId, ApiKey key) {
    return ApiKeyRecord.of(accountId, key, clock.instant());
  }

  private static IssuedApiKey issued(ApiKeyRecord record, ApiKey key) {
    return new IssuedApiKey(
        record.accountId(), key.value(), record.displayPrefix(), record.createdAt());
  }

  /** Configures an {@link ApiKeyService}. */
  public static final class Builder {
    private final ApiKeyStore store;
    private ApiKeyFormat format = ApiKeyFormat.defaultFormat();
    private ApiKeyEligibility eligibility = ApiKeyEligibility.allowAll();
    private Clock clock = Clock.systemUTC();

    private Builder(ApiKeyStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
    }

    /** The key format, default {@link ApiKeyFormat#defaultFormat()}; the resolver must share it. */
    public Builder format(ApiKeyFormat format) {
      this.format = Objects.requireNonNull(format, "format == null");
      return this;
    }

    /** Who may hold a key, default {@link ApiKeyEligibility#allowAll()}. */
    public Builder eligibility(ApiKeyEligibility eligibility) {
      this.eligibility = Objects.requireNonNull(eligibility, "eligibility == null");
      return this;
    }

    /** The clock that stamps {@code createdAt}, default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public ApiKeyService build() {
      return new ApiKeyService(this);
    }
  }
}
