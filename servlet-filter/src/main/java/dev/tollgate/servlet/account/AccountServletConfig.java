package dev.tollgate.servlet.account;

import dev.tollgate.account.AccountDirectory;
import dev.tollgate.apikey.ApiKeyEligibility;
import dev.tollgate.apikey.ApiKeyService;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.connections.ConnectionRecorder;
import dev.tollgate.connections.ConnectionStore;
import dev.tollgate.revocation.RevocationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable configuration of an {@link AccountServlet}: the services it acts
 * through, the scopes it demands and where its challenges point.
 */
public final class AccountServletConfig {
  /** The scope every change needs, by default. */
  public static final String DEFAULT_MANAGE_SCOPE = "account:manage";

  /** The scope that is enough to read, by default; the manage scope reads as well. */
  public static final String DEFAULT_READ_SCOPE = "account:read";

  private final ApiKeyService apiKeys;
  private final ConnectionStore connections;
  private final @Nullable ConnectionRecorder recorder;
  private final RevocationRegistry revocations;
  private final AccountDirectory accounts;
  private final ApiKeyEligibility entitlement;
  private final URI resourceMetadataUrl;
  private final String manageScope;
  private final String readScope;
  private final Duration retryAfter;

  private AccountServletConfig(Builder builder) {
    this.apiKeys = Objects.requireNonNull(builder.apiKeys);
    this.connections = Objects.requireNonNull(builder.connections);
    this.recorder = builder.recorder;
    this.revocations = Objects.requireNonNull(builder.revocations);
    this.accounts = Objects.requireNonNull(builder.accounts);
    this.entitlement = Objects.requireNonNull(builder.entitlement);
    this.resourceMetadataUrl = Objects.requireNonNull(builder.resourceMetadataUrl);
    this.manageScope = builder.manageScope;
    this.readScope = builder.readScope;
    this.retryAfter = builder.retryAfter;
  }

  static Builder builder() {
    return new Builder();
  }

  ApiKeyService apiKeys() {
    return apiKeys;
  }

  ConnectionStore connections() {
    return connections;
  }

  @Nullable ConnectionRecorder recorder() {
    return recorder;
  }

  RevocationRegistry revocations() {
    return revocations;
  }

  AccountDirectory accounts() {
    return accounts;
  }

  ApiKeyEligibility entitlement() {
    return entitlement;
  }

  URI resourceMetadataUrl() {
    return resourceMetadataUrl;
  }

  String manageScope() {
    return manageScope;
  }

  String readScope() {
    return readScope;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  /**
   * Configures an {@link AccountServlet}; {@link #build()} checks that nothing required is missing.
   */
  public static final class Builder {
    private @Nullable ApiKeyService apiKeys;
    private @Nullable ConnectionStore connections;
    private @Nullable ConnectionRecorder recorder;
    private @Nullable RevocationRegistry revocations;
    private @Nullable AccountDirectory accounts;
    private @Nullable ApiKeyEligibility entitlement;
    private @Nullable URI resourceMetadataUrl;
    private String manageScope = DEFAULT_MANAGE_SCOPE;
    private String readScope = DEFAULT_READ_SCOPE;
    private Duration retryAfter = Duration.ofSeconds(5);

    private Builder() {}

    /** Required: issues, renews, revokes and describes the account's API key. */
    public Builder apiKeys(ApiKeyService apiKeys) {
      this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys == null");
      return this;
    }

    /**
     * Required (this or {@link #connections(ConnectionStore)}): the recorder the {@link
     * ConnectionRecordingFilter} feeds; a removed app is also forgotten by its throttle, so it is
     * listed again from its very next use.
     */
    public Builder connections(ConnectionRecorder recorder) {
      this.recorder = Objects.requireNonNull(recorder, "recorder == null");
      this.connections = recorder.store();
      return this;
    }

    /**
     * Required (this or {@link #connections(ConnectionRecorder)}): where connected apps are listed.
     */
    public Builder connections(ConnectionStore connections) {
      this.connections = Objects.requireNonNull(connections, "connections == null");
      this.recorder = null;
      return this;
    }

    /**
     * Required: the registry the gates check, through which a disconnected app's tokens are
     * revoked.
     */
    public Builder revocations(RevocationRegistry revocations) {
      this.revocations = Objects.requireNonNull(revocations, "revocations == null");
      return this;
    }

    /** Required: where the account's plan and credits are read. */
    public Builder accounts(AccountDirectory accounts) {
      this.accounts = Objects.requireNonNull(accounts, "accounts == null");
      return this;
    }

    /**
     * Required: whether the account may use the MCP server, shown as {@code entitled}; typically
     * {@code policy::checkAccount} of the same {@code AccountEntitlementPolicy} the MCP gate and
     * the {@link ApiKeyService} use.
     */
    public Builder entitlement(ApiKeyEligibility entitlement) {
      this.entitlement = Objects.requireNonNull(entitlement, "entitlement == null");
      return this;
    }

    /**
     * Required: the {@code resource_metadata} URL put in challenges (RFC 9728 §5.1), e.g. {@code
     * gate.resourceMetadataUrl()}.
     */
    public Builder resourceMetadataUrl(URI resourceMetadataUrl) {
      Objects.requireNonNull(resourceMetadataUrl, "resourceMetadataUrl == null");
      if (!resourceMetadataUrl.isAbsolute()
          || !BearerError.isErrorValue(resourceMetadataUrl.toString())) {
        throw new IllegalArgumentException(
            "resourceMetadataUrl must be an absolute URL a challenge can carry, was "
                + resourceMetadataUrl);
      }
      this.resourceMetadataUrl = resourceMetadataUrl;
      return this;
    }

    /**
     * The scope every change needs (RFC 6749 §3.3 scope-token); default {@value
     * #DEFAULT_MANAGE_SCOPE}.
     */
    public Builder manageScope(String scope) {
      this.manageScope = requireScope(scope, "manageScope");
      return this;
    }

    /** The scope enough to read; default {@value #DEFAULT_READ_SCOPE}. */
    public Builder readScope(String scope) {
      this.readScope = requireScope(scope, "readScope");
      return this;
    }

    /** The {@code Retry-After} of a 503 when the failing store gives no hint; default 5 seconds. */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** Validates the configuration and builds the servlet. */
    public AccountServlet build() {
      require(apiKeys, "apiKeys");
      require(connections, "connections");
      require(revocations, "revocations");
      require(accounts, "accounts");
      require(entitlement, "entitlement");
      require(resourceMetadataUrl, "resourceMetadataUrl");
      return new AccountServlet(new AccountServletConfig(this));
    }

    private static void require(@Nullable Object value, String setting) {
      if (value == null) {
        throw new IllegalStateException(setting + " is required");
      }
    }

    private static String requireScope(String scope, String setting) {
      Objects.requireNonNull(scope, setting + " == null");
      if (!BearerError.isScopeToken(scope)) {
        throw new IllegalArgumentException(setting + ": not a valid scope token: '" + scope + "'");
      }
      return scope;
    }
  }
}
