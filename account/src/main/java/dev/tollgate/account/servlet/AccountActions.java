package dev.tollgate.account.servlet;

import dev.tollgate.Entitlement;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.apikey.ApiKeyMetadata;
import dev.tollgate.account.apikey.IssuedApiKey;
import dev.tollgate.account.connections.ConnectedClient;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.bearer.AccountError;
import dev.tollgate.entitlement.Account;
import dev.tollgate.revocation.Revocation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each endpoint does once the caller is authorized, always on the caller's own account; one
 * method per {@link AccountRoute}. Store and registry outages propagate as {@link
 * dev.tollgate.DependencyUnavailableException} and refusals of the key service as {@link
 * dev.tollgate.account.apikey.ApiKeyRefusedException}; {@link AccountServlet} turns both into
 * responses.
 */
final class AccountActions {
  private static final Logger log = LoggerFactory.getLogger(AccountActions.class);

  /**
   * One authorized request.
   *
   * @param clientId the decoded {@code {clientId}} of a route that has one, else {@code null}
   */
  record Call(
      TollgatePrincipal principal,
      @Nullable String clientId,
      HttpServletRequest request,
      HttpServletResponse response) {
    String accountId() {
      return principal.accountId();
    }

    String requireClientId() {
      return Objects.requireNonNull(clientId, "a route without a client id");
    }
  }

  private final AccountServletConfig config;
  private final AccountResponses responses;

  AccountActions(AccountServletConfig config, AccountResponses responses) {
    this.config = config;
    this.responses = responses;
  }

  /** {@code GET /account}. */
  void account(Call call) throws IOException {
    String accountId = call.accountId();
    Optional<Account> account = config.accounts().find(accountId);
    Entitlement entitlement =
        Objects.requireNonNull(config.entitlement().check(accountId), "entitlement verdict");
    if (!entitlement.allowed()) {
      entitlement =
          Entitlement.refused(
              AccountResponses.safe(entitlement.description()), entitlement.upgradeUri());
    }
    Optional<ApiKeyMetadata> key = config.apiKeys().describe(accountId);
    responses.json(
        call.response(), 200, AccountViews.account(accountId, account, entitlement, key));
  }

  /** {@code POST /account/api-key}. */
  void createKey(Call call) throws IOException {
    IssuedApiKey issued = config.apiKeys().create(call.accountId());
    log.info("API key {} created for account {}", issued.displayPrefix(), call.accountId());
    // A relative reference (RFC 9110 §10.2.2) to the key's resource, the very path just matched;
    // never an absolute URL built from Host.
    call.response().setHeader("Location", call.request().getRequestURI());
    responses.json(call.response(), 201, AccountViews.issuedKey(issued));
  }

  /** {@code POST /account/api-key/renew}. */
  void renewKey(Call call) throws IOException {
    IssuedApiKey issued = config.apiKeys().renew(call.accountId());
    log.info("API key of account {} renewed as {}", call.accountId(), issued.displayPrefix());
    responses.json(call.response(), 200, AccountViews.issuedKey(issued));
  }

  /** {@code DELETE /account/api-key}. */
  void revokeKey(Call call) throws IOException {
    if (!config.apiKeys().revoke(call.accountId())) {
      responses.error(call.response(), AccountError.API_KEY_NOT_FOUND);
      return;
    }
    log.info("API key of account {} revoked", call.accountId());
    responses.noContent(call.response());
  }

  /**
   * {@code GET /account/connections}: the connected apps, and the disconnected ones awaiting
   * reconnection. An app listed as connected again (the person approved it anew, so its tokens
   * pass) is not offered for reconnection.
   */
  void connections(Call call) throws IOException {
    String accountId = call.accountId();
    List<ConnectedClient> connected = config.connections().list(accountId);
    Set<String> ids = new HashSet<>();
    connected.forEach(client -> ids.add(client.clientId()));
    List<Revocation> waiting =
        disconnected(accountId).stream().filter(r -> !ids.contains(r.clientId())).toList();
    responses.json(call.response(), 200, AccountViews.connections(connected, waiting));
  }

  /** The account's apps disconnected and not yet reconnected. */
  private List<Revocation> disconnected(String accountId) {
    return config.revocations().revocations(accountId).stream()
        .filter(Revocation::untilReconnected)
        .toList();
  }

  /** {@code DELETE /account/connections/{clientId}}. */
  void disconnect(Call call) throws IOException {
    String accountId = call.accountId();
    String clientId = call.requireClientId();
    ConnectionStore store = config.connections();
    if (store.find(accountId, clientId).isEmpty()) {
      responses.error(call.response(), AccountError.CONNECTION_NOT_FOUND);
      return;
    }
    // Disconnect first: if the registry cannot store it durably, the app stays listed and the
    // person can retry; removing it first could hide an app whose tokens still work on other nodes.
    // At the registry's precision, so the instant shown is the one kept.
    Instant at = Revocation.ceilToMillis(config.revocations().clock().instant());
    config.revocations().disconnectClient(accountId, clientId, at);
    store.remove(accountId, clientId);
    ConnectionRecorder recorder = config.recorder();
    if (recorder != null) {
      recorder.forget(accountId, clientId);
    }
    log.info("Client {} disconnected from account {}", clientId, accountId);
    String grant =
        revokeGrant(
            new GrantRevoker.Disconnection(accountId, call.principal().subject(), clientId));
    responses.json(call.response(), 200, AccountViews.disconnected(clientId, at, grant));
  }

  /**
   * Asks the authorization server to end the grant too, when a {@link GrantRevoker} is configured.
   * The disconnection above stands whatever happens here: a failure is logged and reported, never
   * thrown.
   */
  private String revokeGrant(GrantRevoker.Disconnection disconnection) {
    GrantRevoker revoker = config.grantRevoker();
    if (revoker == null) {
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

  /** {@code POST /account/connections/{clientId}/reconnect}. */
  void reconnect(Call call) throws IOException {
    String accountId = call.accountId();
    String clientId = call.requireClientId();
    boolean disconnected =
        disconnected(accountId).stream().anyMatch(r -> clientId.equals(r.clientId()));
    if (!disconnected) {
      responses.error(call.response(), AccountError.DISCONNECTION_NOT_FOUND);
      return;
    }
    config.revocations().reconnectClient(accountId, clientId);
    log.info("Client {} reconnected to account {}", clientId, accountId);
    responses.noContent(call.response());
  }
}
