package dev.tollgate.account.servlet;

import dev.tollgate.Decision;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.apikey.ApiKeyEligibility;
import dev.tollgate.account.apikey.ApiKeyRefusedException;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.connections.ConnectedClient;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.bearer.AccountError;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.Challenges;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.metadata.WellKnown;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account self-service endpoints, for the caller's own account only ({@code
 * principal.accountId()}): never an account named in the request.
 *
 * <table>
 *   <caption>Endpoints, relative to the servlet's mapping (e.g. {@code /account/*})</caption>
 *   <tr><th>method and path</th><th>success</th><th>errors besides 403 scope</th></tr>
 *   <tr><td>{@code GET /account}</td><td>200 plan, credits, entitlement, key metadata</td><td>503</td></tr>
 *   <tr><td>{@code POST /account/api-key}</td><td>201 the key, shown once</td><td>409, 403 {@code entitlement_required}, 503</td></tr>
 *   <tr><td>{@code POST /account/api-key/renew}</td><td>200 the new key, shown once</td><td>404, 403 {@code entitlement_required}, 503</td></tr>
 *   <tr><td>{@code DELETE /account/api-key}</td><td>204</td><td>404, 503</td></tr>
 *   <tr><td>{@code GET /account/connections}</td><td>200 the connected apps, and the disconnected ones awaiting reconnection</td><td>503</td></tr>
 *   <tr><td>{@code DELETE /account/connections/{clientId}}</td><td>200, the app kept out until approved again; whether its grant was revoked at the authorization server</td><td>400, 404, 503</td></tr>
 *   <tr><td>{@code POST /account/connections/{clientId}/reconnect}</td><td>204, the disconnected app let in again</td><td>400, 404, 503</td></tr>
 * </table>
 *
 * <p>The endpoints are their own protected resource ({@link Builder#resource(URI)}), distinct from
 * the MCP server's: an MCP client that asks for every scope the MCP server advertises must not be
 * able to rotate the owner's API key or disconnect apps. Only tokens issued for the account
 * resource pass; a token whose {@code aud} names another resource is refused with 401 {@code
 * invalid_token} even when the gate in front was misconfigured to accept it. With {@linkplain
 * Builder#allowedClientIds allowed client ids}, a token of another client gets 403 {@code
 * client_not_allowed} without a challenge: the token is valid for this resource (so not {@code
 * invalid_token}, which would send the client to obtain another just like it), and no scope would
 * help (so not {@code insufficient_scope}); as with {@code entitlement_required}, a challenge would
 * only start a re-authorization loop.
 *
 * <p>Authorization: an OAuth access token with the manage scope (default {@value
 * #DEFAULT_MANAGE_SCOPE}) for every change; reads also accept the read scope (default {@value
 * #DEFAULT_READ_SCOPE}). An API key never passes, whatever its scopes: a leaked key must not be
 * able to renew itself, read the account or disconnect the owner's apps. Refusals are 403 {@code
 * insufficient_scope} with a challenge naming the scope and pointing to the account resource's
 * metadata, so a client knows what to ask the authorization server for.
 *
 * <p>Every status, error code and body comes from core's error table ({@link Challenges}, {@link
 * AccountError}), so the endpoints refuse exactly as the gate does. An unknown path gets 404 {@code
 * not_found}; a known path with a method it does not take, 405 {@code method_not_allowed} with
 * {@code Allow}; a store outage, 503 {@code temporarily_unavailable} with {@code Retry-After}.
 *
 * <p>Mount it behind a {@link TollgateFilter} whose gate is for the account resource and does the
 * authentication only (resolvers that accept the account resource's audience, the same revocation
 * registry as the MCP gate, no required scope, no entitlement policy), so a free account can still
 * see its page; {@link AccountEndpoints} does that. Instances are immutable and thread-safe.
 */
public final class AccountServlet extends HttpServlet {
  /** The scope every change needs, by default. */
  public static final String DEFAULT_MANAGE_SCOPE = "account:manage";

  /** The scope that is enough to read, by default; the manage scope reads as well. */
  public static final String DEFAULT_READ_SCOPE = "account:read";

  /** The {@code Retry-After} of a 503 when the failing store gives none. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(AccountServlet.class);

  private final transient AccountServletConfig config;
  private final transient AccountResponses responses;
  private final transient AccountAuthorization authorization;
  private final transient AccountActions actions;

  private AccountServlet(AccountServletConfig config) {
    this.config = config;
    Challenges challenges = Challenges.pointingTo(config.resourceMetadataUrl());
    this.responses = new AccountResponses(challenges);
    this.authorization = new AccountAuthorization(config, challenges);
    this.actions = new AccountActions(config, responses);
  }

  AccountServletConfig config() {
    return config;
  }

  /** Starts the configuration of the endpoints. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<TollgatePrincipal> principal = TollgateFilter.principal(request);
    if (principal.isEmpty()) {
      // Misconfiguration, not the caller's fault: never act without an authenticated account.
      log.error("Account endpoint reached without a TollgateFilter in front; refusing");
      responses.error(response, AccountError.NOT_CONFIGURED);
      return;
    }
    String path = relativePath(request);
    List<AccountRoute> atPath = path == null ? List.of() : AccountRoute.at(path);
    if (path == null || atPath.isEmpty()) {
      responses.error(response, AccountError.NO_SUCH_ENDPOINT);
      return;
    }
    AccountRoute route = AccountRoute.forMethod(atPath, request.getMethod());
    if (route == null) {
      responses.methodNotAllowed(response, AccountRoute.allow(atPath));
      return;
    }
    Decision.@Nullable Challenge refusal = authorization.refusal(principal.get(), route.read());
    if (refusal != null) {
      responses.refuse(response, refusal);
      return;
    }
    // Decoded only once the caller is authorized: nothing is said about the path to anyone else.
    String segment = route.clientIdSegment(path);
    Optional<String> clientId =
        segment == null ? Optional.empty() : ClientIdSegment.decode(segment);
    if (segment != null && clientId.isEmpty()) {
      responses.error(response, AccountError.INVALID_CLIENT_ID);
      return;
    }
    perform(
        route, new AccountActions.Call(principal.get(), clientId.orElse(null), request, response));
  }

  /**
   * The raw path below the servlet's mapping, or {@code null} when the URI does not start there.
   */
  private static @Nullable String relativePath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String base = request.getContextPath() + request.getServletPath();
    return uri == null || !uri.startsWith(base) ? null : uri.substring(base.length());
  }

  private void perform(AccountRoute route, AccountActions.Call call) throws IOException {
    HttpServletResponse response = call.response();
    try {
      route.perform(actions, call);
    } catch (DependencyUnavailableException e) {
      log.warn("Account endpoint answering 503: {} is unavailable", e.dependency());
      responses.unavailable(
          response, e.dependency(), e.retryAfter() != null ? e.retryAfter() : config.retryAfter());
    } catch (ApiKeyRefusedException e) {
      switch (e.reason()) {
        case ALREADY_EXISTS -> responses.error(response, AccountError.API_KEY_EXISTS);
        case NOT_FOUND -> responses.error(response, AccountError.API_KEY_NOT_FOUND);
        case NOT_ELIGIBLE ->
            responses.entitlementRequired(response, e.getMessage(), e.upgradeUri());
      }
    } catch (RuntimeException e) {
      // A bug or an unexpected store failure: a JSON 500, never a container page with a trace.
      log.error("Account endpoint failed unexpectedly", e);
      // Handlers write only once they succeeded, so nothing is half-written here; the filter's
      // CORS headers are kept so a page can read the error.
      if (!response.isCommitted()) {
        responses.error(response, AccountError.FAILED);
      }
    }
  }

  /**
   * Configures an {@link AccountServlet}. Each setting is checked when it is given, and given at
   * most once: a second call fails with {@link IllegalStateException} naming what was set, rather
   * than silently replacing it. {@link #build()} checks that nothing required is missing and that
   * the settings agree.
   */
  public static final class Builder {
    private @Nullable ApiKeyService apiKeys;
    private @Nullable ConnectionStore connections;
    private @Nullable ConnectionRecorder recorder;
    private @Nullable RevocationRegistry revocations;
    private @Nullable AccountDirectory accounts;
    private @Nullable ApiKeyEligibility entitlement;
    private @Nullable URI resource;
    private @Nullable Set<String> allowedClientIds;
    private @Nullable GrantRevoker grantRevoker;
    private @Nullable String manageScope;
    private @Nullable String readScope;
    private @Nullable Duration retryAfter;

    private Builder() {}

    /** Required: issues, renews, revokes and describes the account's API key. */
    public Builder apiKeys(ApiKeyService apiKeys) {
      Objects.requireNonNull(apiKeys, "apiKeys == null");
      requireUnset(this.apiKeys, "apiKeys");
      this.apiKeys = apiKeys;
      return this;
    }

    /**
     * Required (this or {@link #connections(ConnectionStore)}, once): the recorder the {@link
     * ConnectionRecordingFilter} feeds, whose store lists the connected apps; a removed app is also
     * forgotten by its throttle, so it is listed again from its very next use.
     */
    public Builder connections(ConnectionRecorder recorder) {
      Objects.requireNonNull(recorder, "recorder == null");
      requireUnset(this.connections, "connections");
      this.recorder = recorder;
      this.connections = recorder.store();
      return this;
    }

    /**
     * Required (this or {@link #connections(ConnectionRecorder)}, once): where connected apps are
     * listed.
     */
    public Builder connections(ConnectionStore connections) {
      Objects.requireNonNull(connections, "connections == null");
      requireUnset(this.connections, "connections");
      this.connections = connections;
      return this;
    }

    /**
     * Required: the registry the gates check, through which a disconnected app's tokens are
     * revoked.
     */
    public Builder revocations(RevocationRegistry revocations) {
      Objects.requireNonNull(revocations, "revocations == null");
      requireUnset(this.revocations, "revocations");
      this.revocations = revocations;
      return this;
    }

    /** Required: where the account's plan and credits are read. */
    public Builder accounts(AccountDirectory accounts) {
      Objects.requireNonNull(accounts, "accounts == null");
      requireUnset(this.accounts, "accounts");
      this.accounts = accounts;
      return this;
    }

    /**
     * Required: whether the account may use the MCP server, shown as {@code entitled}; typically
     * {@code policy::checkAccount} of the same {@code AccountEntitlementPolicy} the MCP gate and
     * the {@link ApiKeyService} use.
     */
    public Builder entitlement(ApiKeyEligibility entitlement) {
      Objects.requireNonNull(entitlement, "entitlement == null");
      requireUnset(this.entitlement, "entitlement");
      this.entitlement = entitlement;
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
      requireUnset(this.resource, "resource");
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
     * endpoints, e.g. the account page's client; a token of any other client, or of none, gets 403
     * {@code client_not_allowed} without a challenge. Default: any client.
     */
    public Builder allowedClientIds(Set<String> clientIds) {
      Objects.requireNonNull(clientIds, "clientIds == null");
      requireUnset(this.allowedClientIds, "allowedClientIds");
      if (clientIds.isEmpty()) {
        throw new IllegalArgumentException("allowedClientIds: name at least one client id");
      }
      for (String id : clientIds) {
        if (!ConnectedClient.isValidClientId(id)) {
          throw new IllegalArgumentException("allowedClientIds: not a valid client id: " + id);
        }
      }
      this.allowedClientIds = Set.copyOf(clientIds);
      return this;
    }

    /**
     * Revokes the app's grant at the authorization server when the person disconnects it (e.g.
     * {@link GrantRevoker#httpDelete(String)}). Its failure is reported in the response ({@code
     * grant_revocation: "failed"}) and never undoes the disconnection. Default: none, reported as
     * {@code grant_revocation: "not_configured"}.
     */
    public Builder grantRevoker(GrantRevoker grantRevoker) {
      Objects.requireNonNull(grantRevoker, "grantRevoker == null");
      requireUnset(this.grantRevoker, "grantRevoker");
      this.grantRevoker = grantRevoker;
      return this;
    }

    /**
     * The scope every change needs (RFC 6749 §3.3 scope-token); default {@value
     * #DEFAULT_MANAGE_SCOPE}.
     */
    public Builder manageScope(String scope) {
      Objects.requireNonNull(scope, "manageScope == null");
      requireUnset(this.manageScope, "manageScope");
      this.manageScope = requireScopeToken(scope, "manageScope");
      return this;
    }

    /**
     * The scope enough to read, other than the manage scope; default {@value #DEFAULT_READ_SCOPE}.
     */
    public Builder readScope(String scope) {
      Objects.requireNonNull(scope, "readScope == null");
      requireUnset(this.readScope, "readScope");
      this.readScope = requireScopeToken(scope, "readScope");
      return this;
    }

    /** The {@code Retry-After} of a 503 when the failing store gives no hint; default 5 seconds. */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      requireUnset(this.retryAfter, "retryAfter");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Validates the configuration and builds the servlet.
     *
     * @throws IllegalStateException when a required setting is missing, or the read scope is the
     *     manage scope (with the defaults, e.g. a manage scope set to {@value #DEFAULT_READ_SCOPE}
     *     without a read scope of its own)
     */
    public AccountServlet build() {
      ApiKeyService apiKeys = required(this.apiKeys, "apiKeys");
      ConnectionStore connections = required(this.connections, "connections");
      RevocationRegistry revocations = required(this.revocations, "revocations");
      AccountDirectory accounts = required(this.accounts, "accounts");
      ApiKeyEligibility entitlement = required(this.entitlement, "entitlement");
      URI resource = required(this.resource, "resource");
      String manage = manageScope != null ? manageScope : DEFAULT_MANAGE_SCOPE;
      String read = readScope != null ? readScope : DEFAULT_READ_SCOPE;
      if (manage.equals(read)) {
        throw new IllegalStateException(
            "readScope and manageScope are both '"
                + manage
                + "': a token meant only to read could change the account; give each its own");
      }
      return new AccountServlet(
          new AccountServletConfig(
              apiKeys,
              connections,
              recorder,
              revocations,
              accounts,
              entitlement,
              resource,
              allowedClientIds != null ? allowedClientIds : Set.of(),
              grantRevoker,
              manage,
              read,
              retryAfter != null ? retryAfter : DEFAULT_RETRY_AFTER));
    }

    private static <T> T required(@Nullable T value, String setting) {
      if (value == null) {
        throw new IllegalStateException(setting + " is required");
      }
      return value;
    }

    /** Caffeine's convention: a setting given twice is a mistake, not an override. */
    private static void requireUnset(@Nullable Object current, String setting) {
      if (current != null) {
        throw new IllegalStateException(setting + " was already set to " + current);
      }
    }

    private static String requireScopeToken(String scope, String setting) {
      if (!BearerError.isScopeToken(scope)) {
        throw new IllegalArgumentException(setting + ": not a valid scope token: '" + scope + "'");
      }
      return scope;
    }
  }
}
