package dev.tollgate.example;

import dev.tollgate.account.connections.GrantRevoker;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Starts the development authorization server as the example needs it: every scope issued; account
 * scopes to the account page's client only (its own public client, redirecting to the page); the
 * MCP scopes to every other app a person signs in to; and {@code TOLLGATE_DEV_AUTO_LOGIN}, {@code
 * TOLLGATE_DEV_ACCESS_TOKEN_SECONDS} applied.
 */
final class ExampleDevAuthorization {
  private ExampleDevAuthorization() {}

  /**
   * Ends the app's grant at the development server when the person disconnects it on the account
   * page: its refresh tokens stop working and it must be approved again; {@code null} (none) with
   * an external issuer (configure {@code GrantRevoker.httpDelete} for yours).
   */
  static @Nullable GrantRevoker grantRevoker(@Nullable DevAuthorizationServer server) {
    if (server == null) {
      return null;
    }
    // Nothing to end is as good as ended: the app may never have had a grant here.
    return disconnection -> server.revokeGrants(disconnection.subject(), disconnection.clientId());
  }

  static DevAuthorizationServer start(ExampleConfig config, URI resource) {
    Set<String> page = Set.of(ExampleBackend.SCOPE_ACCOUNT_MANAGE);
    return DevAuthorizationServer.builder()
        .port(config.devAuthPort())
        .scopes(ExampleBackend.ISSUED_SCOPES)
        .defaultScopes(ExampleBackend.SCOPES)
        .userScopes(ExampleBackend.SCOPES)
        .clientDefaultScopes(config.accountClientId(), page)
        .pageClient(config.accountClientId(), AccountSelfService.pageUrl(resource), page)
        .autoLogin(config.devAutoLogin())
        .accessTokenLifetime(
            config.devAccessTokenSeconds() == null
                ? DevAuthorizationServer.DEFAULT_ACCESS_TOKEN_LIFETIME
                : Duration.ofSeconds(config.devAccessTokenSeconds()))
        .start();
  }
}
