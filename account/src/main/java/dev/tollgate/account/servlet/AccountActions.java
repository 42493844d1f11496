package dev.tollgate.account.servlet;

import dev.tollgate.entitlement.Account;
import dev.tollgate.Entitlement;
import dev.tollgate.account.apikey.ApiKeyMetadata;
import dev.tollgate.account.apikey.IssuedApiKey;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.connections.ConnectedClient;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.revocation.Revocation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each endpoint does once the caller is authorized, always on the caller's own account. Store
 * and registry outages propagate as {@link dev.tollgate.DependencyUnavailableException} and
 * refusals of the key service as {@link dev.tollgate.account.apikey.ApiKeyRefusedException}; {@link
 * AccountServlet} turns both into responses.
 */
final class AccountActions {
  static final String NO_KEY = "The account has no API key";
  private static final Logger log = LoggerFactory.getLogger(AccountActions.class);

  private final AccountServletConfig config;

  AccountActions(AccountServletConfig config) {
    this.config = config;
  }

  void perform(
      AccountServlet.Route route,
      String method,
      TollgatePrincipal principal,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    String accountId = principal.accountId();
    switch (route.name()) {
      case AccountServlet.Route.ACCOUNT -> account(accountId, response);
      case AccountServlet.Route.API_KEY -> {
        if ("POST".equals(method)) {
          create(accountId, request, response);
        } else {
          revokeKey(accountId, response);
        }
      }
      case AccountServlet.Route.RENEW -> renew(accountId, response);
      case AccountServlet.Route.CONNECTIONS -> connections(accountId, response);
      case AccountServlet.Route.CONNECTION ->
          disconnect(principal, Objects.requireNonNull(route.clientId()), response);
      case AccountServlet.Route.RECONNECT ->
          reconnect(accountId, Objects.requireNonNull(route.clientId()), response);
      default ->
          AccountResponses.error(
              response, 400, "invalid_request", "The path does not hold a valid client id");
    }
  }

  private void account(String accountId, HttpServletResponse response) throws IOException {
    Optional<Account> account = config.accounts().find(accountId);
    Entitlement entitlement =
        Objects.requireNonNull(config.entitlement().check(accountId), "entitlement verdict");
    if (!entitlement.allowed()) {
      entitlement =
          Entitlement.refused(
              AccountServlet.safe(entitlement.description()), entitlement.upgradeUri());
    }
    Optional<ApiKeyMetadata> key = config.apiKeys().describe(accountId);
    AccountResponses.json(
        response, 200, AccountViews.account(accountId, account, entitlement, key));
  }

  private void create(String accountId, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IssuedApiKey issued = config.apiKeys().create(accountId);
    log.info("API key {} created for account {}", issued.displayPrefix(), accountId);
    // A relative reference (RFC 9110 §10.2.2) to the key's resource, the very path just matched;
    // never an absolute URL built from Host.
    response.setHeader("Location", request.getRequestURI());
    AccountResponses.json(response, 201, AccountViews.issuedKey(issued));
  }

  private void renew(String accountId, HttpServletResponse response) throws IOException {
    IssuedApiKey issued = config.apiKeys().renew(accountId);
    log.info("API key of account {} renewed as {}", accountId, issued.displayPrefix());
    AccountResponses.json(response, 200, AccountViews.issuedKey(issued));
  }

  private void revokeKey(String accountId, HttpServletResponse response) throws IOException {
    if (!config.apiKeys().revoke(accountId)) {
      AccountResponses.error(response, 404, "api_key_not_found", NO_KEY);
      return;
    }
    log.info("API key of account {} revoked", accountId);
    AccountResponses.noContent(response);
  }

  /**
   * The connected apps, and the disconnected ones awaiting reconnection. An app listed as connected
   * again (the person approved it anew, so its tokens pass) is not offered for reconnection.
   */
  private void connections(String accountId, HttpServletResponse response) throws IOException {
    List<ConnectedClient> connected = config.connections().list(accountId);
    Set<String> ids = new HashSet<>();
    connected.forEach(client -> ids.add(client.clientId()));
    List<Revocation> waiting =
        disconnected(accountId).stream().filter(r -> !ids.contains(r.clientId())).toList();
    AccountResponses.json(response, 200, AccountViews.connections(connected, waiting));
  }

  /** The account's apps disconnected and not yet reconnected. */
  private List<Revocation> disconnected(String accountId) {
    return config.revocations().revocations(accountId).stream()
        .filter(Revocation::untilReconnected)
        .toList();
  }

  private void disconnect(TollgatePrincipal owner, String clientId, HttpServletResponse response)
      throws IOException {
    String accountId = owner.accountId();
    ConnectionStore store = config.connections();
    if (store.find(accountId, clientId).isEmpty()) {
      AccountResponses.error(
          response,
          404,
          "connection_not_found",
          "No app with this client id is connected to the account");
      return;
    }
    // Disconnect first: if the registry cannot store it durably, the app stays listed and the
    // person can retry; removing it first could hide an app whose tokens still work on other nodes.
    // At the registry's precision, rounded up as it rounds, so the instant shown is the one kept.
    Instant now = config.revocations().clock().instant();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    at = at.equals(now) ? at : at.plusMillis(1);
    config.revocations().disconnectClient(accountId, clientId, at);
    store.remove(accountId, clientId);
    ConnectionRecorder recorder = config.recorder();
    if (recorder != null) {
      recorder.forget(accountId, clientId);
    }
    log.info("Client {} disconnected from account {}", clientId, accountId);
    String grant = revokeGrant(new GrantRevoker.Disconnection(accountId, owner.subject(), clientId));
    AccountResponses.json(response, 200, AccountViews.disconnected(clientId, at, grant));
  }

  /**
   * Asks the authorization server to end the grant too. The disconnection above stands whatever
   * happens here: a failure is logged and reported, never thrown.
   */
  private String revokeGrant(GrantRevoker.Disconnection disconnection) {
    GrantRevoker revoker = config.grantRevoker();
    if (!revoker.revokesAtServer()) {
      return AccountViews.GRANT_NOT_CONFIGURED;
    }
    try {
      revoker.revoke(disconnection);
      log.info(
          "Grant of client {} revoked at the authorization server for account {}",
          disconnection.clientId(),
          disconnection.accountId());
      return AccountViews.GRANT_REVOKED;
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Could not revoke the grant of client {} for account {} at the authorization server"
              + " ({}); the client stays disconnected here",
          disconnection.clientId(),
          disconnection.accountId(),
          e.getClass().getSimpleName());
      return AccountViews.GRANT_FAILED;
    }
  }

  private void reconnect(String accountId, String clientId, HttpServletResponse response)
      throws IOException {
    boolean disconnected =
        disconnected(accountId).stream().anyMatch(r -> clientId.equals(r.clientId()));
    if (!disconnected) {
      AccountResponses.error(
          response,
          404,
          "disconnection_not_found",
          "No app with this client id is disconnected from the account");
      return;
    }
    config.revocations().reconnectClient(accountId, clientId);
    log.info("Client {} reconnected to account {}", clientId, accountId);
    AccountResponses.noContent(response);
  }
}
