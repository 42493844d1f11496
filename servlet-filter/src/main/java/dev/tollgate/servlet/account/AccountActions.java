package dev.tollgate.servlet.account;

import dev.tollgate.account.Account;
import dev.tollgate.account.Entitlement;
import dev.tollgate.apikey.ApiKeyMetadata;
import dev.tollgate.apikey.IssuedApiKey;
import dev.tollgate.connections.ConnectionRecorder;
import dev.tollgate.connections.ConnectionStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each endpoint does once the caller is authorized, always on the caller's own account. Store
 * and registry outages propagate as {@link dev.tollgate.DependencyUnavailableException} and
 * refusals of the key service as {@link dev.tollgate.apikey.ApiKeyRefusedException}; {@link
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
      String accountId,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
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
      case AccountServlet.Route.CONNECTIONS ->
          AccountResponses.json(
              response, 200, AccountViews.connections(config.connections().list(accountId)));
      case AccountServlet.Route.CONNECTION ->
          disconnect(accountId, Objects.requireNonNull(route.clientId()), response);
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

  private void disconnect(String accountId, String clientId, HttpServletResponse response)
      throws IOException {
    ConnectionStore store = config.connections();
    if (store.find(accountId, clientId).isEmpty()) {
      AccountResponses.error(
          response,
          404,
          "connection_not_found",
          "No app with this client id is connected to the account");
      return;
    }
    // Revoke first: if the registry cannot store it durably, the app stays listed and the person
    // can retry; removing it first could hide an app whose tokens still work on other nodes.
    config.revocations().revokeClient(accountId, clientId);
    store.remove(accountId, clientId);
    ConnectionRecorder recorder = config.recorder();
    if (recorder != null) {
      recorder.forget(accountId, clientId);
    }
    log.info("Client {} disconnected from account {}", clientId, accountId);
    AccountResponses.noContent(response);
  }
}
