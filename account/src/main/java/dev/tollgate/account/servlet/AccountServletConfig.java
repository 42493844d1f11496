package dev.tollgate.account.servlet;

import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.account.apikey.ApiKeyEligibility;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.account.connections.ConnectedClient;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.metadata.WellKnown;
import dev.tollgate.revocation.RevocationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable configuration of an {@link AccountServlet}: the services it acts
 * through, the protected resource it is, the scopes and clients it accepts.
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
  private final URI resource;
  private final URI resourceMetadataUrl;
  private final Set<String> allowedClientIds;
  private final GrantRevoker grantRevoker;
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
    this.resource = Objects.requireNonNull(builder.resource);
    this.resourceMetadataUrl = WellKnown.metadataUrl(resource);
    this.allowedClientIds = Set.copyOf(builder.allowedClientIds);
    this.grantRevoker = builder.grantRevoker;
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

  /** The account resource's identifier: the {@code aud} its tokens carry (RFC 8707). */
  public URI resource() {
    return resource;
  }

  URI resourceMetadataUrl() {
    return resourceMetadataUrl;
  }

  /** Empty: any client. */
  Set<String> allowedClientIds() {
    return allowedClientIds;
  }

  GrantRevoker grantRevoker() {
    return grantRevoker;
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
    private @Nullable URI resource;
    private final Set<String> allowedClientIds = new LinkedHashSet<>();
    private GrantRevoker grantRevoker = GrantRevoker.none();
    private boolean grantRevokerSet;
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
     * Required: the account endpoints' own resource identifier (RFC 8707, RFC 9728), e.g. {@code
     * https://app.example.com/account}: not the MCP server's. Tokens must be issued for it (their
     * {@code aud} names it), so a token an MCP client obtained for the MCP server, whatever its
     * scopes, is refused here. Challenges point to its metadata document, {@code
     * /.well-known/oauth-protected-resource<path>}, which the gate in front serves ({@link
     * AccountEndpoints#mountAccount} maps it).
     */
    public Builder resource(URI resource) {
      Objects.requireNonNull(resource, "resource == null");
      if (this.resource != null) {
        throw new IllegalStateException("resource was already set to " + this.resource);
      }
      String path = resource.getRawPath();
      if (!resource.isAbsolute()
          || resource.getHost() == null
          || resource.getRawFragment() != null
          || resource.getRawQuery() != null
          || path == null
          || path.isEmpty()
          || path.equals("/")
          || !BearerError.isErrorValue(WellKnown.metadataUrl(resource).toString())) {
        // A path of its own keeps its metadata at a path-suffixed URL apart from the root
        // document, which belongs to the MCP resource.
        throw new IllegalArgumentException(
            "resource must be an absolute URL with a path and without query or fragment, was "
                + resource);
      }
      this.resource = resource;
      return this;
    }

    /**
     * Only tokens of these OAuth clients ({@code client_id}, else {@code azp}) may use the
     * endpoints, e.g. the account page's client; a token of any other client, or of none, gets
     * 403 {@code client_not_allowed} without a challenge. Default: any client. Given once.
     */
    public Builder allowedClientIds(Set<String> clientIds) {
      Objects.requireNonNull(clientIds, "clientIds == null");
      if (!allowedClientIds.isEmpty()) {
        throw new IllegalStateException(
            "allowedClientIds was already set to " + allowedClientIds);
      }
      if (clientIds.isEmpty()) {
        throw new IllegalArgumentException("allowedClientIds: name at least one client id");
      }
      for (String id : clientIds) {
        if (!ConnectedClient.isValidClientId(id)) {
          throw new IllegalArgumentException("allowedClientIds: not a valid client id: " + id);
        }
      }
      allowedClientIds.addAll(clientIds);
      return this;
    }

    /**
     * Revokes the app's grant at the authorization server when the person disconnects it (e.g.
     * {@link GrantRevoker#httpDelete(String)}); default {@link GrantRevoker#none()}. Its failure
     * is reported in the response and never undoes the disconnection. Given once.
     */
    public Builder grantRevoker(GrantRevoker grantRevoker) {
      Objects.requireNonNull(grantRevoker, "grantRevoker == null");
      if (grantRevokerSet) {
        throw new IllegalStateException("grantRevoker was already set to " + this.grantRevoker);
      }
      this.grantRevoker = grantRevoker;
      this.grantRevokerSet = true;
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
      require(resource, "resource");
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
