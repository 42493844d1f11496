package dev.tollgate.account.servlet;

import dev.tollgate.CredentialKind;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.apikey.ApiKeyRefusedException;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.Challenges;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
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
 * <p>The endpoints are their own protected resource ({@link
 * AccountServletConfig.Builder#resource(URI)}), distinct from the MCP server's: an MCP client that
 * asks for every scope the MCP server advertises must not be able to rotate the owner's API key or
 * disconnect apps. Only tokens issued for the account resource pass; a token whose {@code aud}
 * names another resource is refused with 401 {@code invalid_token} even when the gate in front
 * was misconfigured to accept it. With {@linkplain AccountServletConfig.Builder#allowedClientIds
 * allowed client ids}, a token of another client gets 403 {@code client_not_allowed} without a
 * challenge: the token is valid for this resource (so not {@code invalid_token}, which would send
 * the client to obtain another just like it), and no scope would help (so not {@code
 * insufficient_scope}); as with {@code entitlement_required}, a challenge would only start a
 * re-authorization loop.
 *
 * <p>Authorization: an OAuth access token with the manage scope (default {@code account:manage})
 * for every change; reads also accept the read scope (default {@code account:read}). An API key
 * never passes, whatever its scopes: a leaked key must not be able to renew itself, read the
 * account or disconnect the owner's apps. Refusals are 403 {@code insufficient_scope} with a
 * challenge naming the scope and pointing to the account resource's metadata, so a client knows
 * what to ask the authorization server for.
 *
 * <p>Mount it behind a {@link TollgateFilter} whose gate is for the account resource and does the
 * authentication only (resolvers that accept the account resource's audience, the same revocation
 * registry as the MCP gate, no required scope, no entitlement policy), so a free account can still
 * see its page; {@link AccountEndpoints} does that. Wrong methods get 405 with {@code Allow};
 * unknown paths 404; a store outage 503 with {@code Retry-After}. Instances are immutable and
 * thread-safe.
 */
public final class AccountServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(AccountServlet.class);

  static final String API_KEY_CANNOT_MANAGE =
      "API keys cannot use the account endpoints; use an OAuth access token with the scope named";
  static final String MISSING_SCOPE = "The access token lacks the scope this operation needs";
  static final String WRONG_AUDIENCE = "The access token is not meant for the account resource";
  static final String CLIENT_NOT_ALLOWED = Challenges.CLIENT_NOT_ALLOWED;

  private final transient AccountServletConfig config;
  private final transient AccountActions actions;
  private final transient Challenges challenges;

  AccountServlet(AccountServletConfig config) {
    this.config = config;
    this.actions = new AccountActions(config);
    this.challenges = Challenges.pointingTo(config.resourceMetadataUrl());
  }

  AccountServletConfig config() {
    return config;
  }

  /** Starts the configuration of the endpoints. */
  public static AccountServletConfig.Builder builder() {
    return AccountServletConfig.builder();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<TollgatePrincipal> principal = TollgateFilter.principal(request);
    if (principal.isEmpty()) {
      // Misconfiguration, not the caller's fault: never act without an authenticated account.
      log.error("Account endpoint reached without a TollgateFilter in front; refusing");
      AccountResponses.error(
          response, 500, "server_error", "The account endpoints are not configured");
      return;
    }
    Route route = Route.of(request);
    if (route == null) {
      AccountResponses.error(
          response, 404, "not_found", "There is no account endpoint at this path");
      return;
    }
    String method = request.getMethod();
    if (!route.allows(method)) {
      AccountResponses.methodNotAllowed(response, route.allowHeader());
      return;
    }
    boolean read = "GET".equals(method);
    if (!authorized(principal.get(), read, response)) {
      return;
    }
    try {
      actions.perform(route, method, principal.get(), request, response);
    } catch (DependencyUnavailableException e) {
      log.warn("Account endpoint answering 503: {} is unavailable", e.dependency());
      AccountResponses.unavailable(
          response, e.retryAfter() != null ? e.retryAfter() : config.retryAfter());
    } catch (ApiKeyRefusedException e) {
      refused(response, e);
    } catch (RuntimeException e) {
      // A bug or an unexpected store failure: a JSON 500, never a container page with a trace.
      log.error("Account endpoint failed unexpectedly", e);
      // Handlers write only once they succeeded, so nothing is half-written here; the filter's
      // CORS headers are kept so a page can read the error.
      if (!response.isCommitted()) {
        AccountResponses.error(response, 500, "server_error", "The account service failed");
      }
    }
  }

  private boolean authorized(
      TollgatePrincipal principal, boolean read, HttpServletResponse response) throws IOException {
    String manage = config.manageScope();
    String needed = read ? config.readScope() : manage;
    if (principal.kind() == CredentialKind.API_KEY) {
      AccountResponses.challenge(
          response,
          challenges.error(BearerError.insufficientScope(API_KEY_CANNOT_MANAGE), Set.of(needed)));
      return false;
    }
    if (!audienceAllows(principal.attributes().get("aud"))) {
      AccountResponses.challenge(
          response, challenges.error(BearerError.invalidToken(WRONG_AUDIENCE), Set.of()));
      return false;
    }
    Set<String> clients = config.allowedClientIds();
    if (!clients.isEmpty()
        && (principal.clientId() == null || !clients.contains(principal.clientId()))) {
      AccountResponses.challenge(
          response,
          challenges.clientNotAllowed(
              "This application may not use the account endpoints; use the account page"));
      return false;
    }
    boolean granted = principal.hasScope(manage) || (read && principal.hasScope(needed));
    if (!granted) {
      AccountResponses.challenge(
          response, challenges.error(BearerError.insufficientScope(MISSING_SCOPE), Set.of(needed)));
      return false;
    }
    return true;
  }

  /**
   * Defence in depth behind the gate's audience check: when the principal still carries the
   * token's {@code aud}, it must name the account resource. Resolvers that keep no {@code aud}
   * (introspection configured to drop it, custom ones) rely on the gate alone.
   */
  private boolean audienceAllows(@Nullable Object aud) {
    if (aud == null) {
      return true;
    }
    String resource = config.resource().toString();
    if (aud instanceof String single) {
      return single.equals(resource);
    }
    return aud instanceof List<?> list && list.contains(resource);
  }

  private static void refused(HttpServletResponse response, ApiKeyRefusedException e)
      throws IOException {
    switch (e.reason()) {
      case ALREADY_EXISTS ->
          AccountResponses.error(
              response,
              409,
              "api_key_exists",
              "The account already has an API key; renew or revoke it");
      case NOT_FOUND ->
          AccountResponses.error(response, 404, "api_key_not_found", AccountActions.NO_KEY);
      case NOT_ELIGIBLE ->
          AccountResponses.entitlementRequired(response, safe(e.getMessage()), e.upgradeUri());
    }
  }

  /** The eligibility policy's text is meant to be shown, but it must stay within RFC 6750's set. */
  static String safe(@Nullable String description) {
    return description != null && !description.isBlank() && BearerError.isErrorValue(description)
        ? description
        : "The account is not eligible for an API key";
  }

  /**
   * Which endpoint a path names, matched on the raw URI so the client id is decoded only once.
   *
   * @param allow the methods it supports, as the {@code Allow} header lists them
   */
  record Route(String name, List<String> allow, @Nullable String clientId) {
    static final String ACCOUNT = "account";
    static final String API_KEY = "api-key";
    static final String RENEW = "renew";
    static final String CONNECTIONS = "connections";
    static final String CONNECTION = "connection";
    static final String RECONNECT = "reconnect";
    static final String BAD_CLIENT_ID = "bad-client-id";

    boolean allows(String method) {
      return allow.contains(method);
    }

    String allowHeader() {
      return String.join(", ", allow);
    }

    static @Nullable Route of(HttpServletRequest request) {
      String uri = request.getRequestURI();
      String base = request.getContextPath() + request.getServletPath();
      if (uri == null || !uri.startsWith(base)) {
        return null;
      }
      String path = uri.substring(base.length());
      switch (path) {
        case "", "/" -> {
          return new Route(ACCOUNT, List.of("GET"), null);
        }
        case "/api-key" -> {
          return new Route(API_KEY, List.of("POST", "DELETE"), null);
        }
        case "/api-key/renew" -> {
          return new Route(RENEW, List.of("POST"), null);
        }
        case "/connections", "/connections/" -> {
          return new Route(CONNECTIONS, List.of("GET"), null);
        }
        default -> {
          String prefix = "/connections/";
          if (!path.startsWith(prefix)) {
            return null;
          }
          String rest = path.substring(prefix.length());
          String suffix = "/" + RECONNECT;
          if (rest.endsWith(suffix) && rest.indexOf('/') == rest.length() - suffix.length()) {
            return ClientIdSegment.decode(rest.substring(0, rest.length() - suffix.length()))
                .map(id -> new Route(RECONNECT, List.of("POST"), id))
                .orElse(new Route(BAD_CLIENT_ID, List.of("POST"), null));
          }
          return ClientIdSegment.decode(rest)
              .map(id -> new Route(CONNECTION, List.of("DELETE"), id))
              .orElse(new Route(BAD_CLIENT_ID, List.of("DELETE"), null));
        }
      }
    }
  }
}
