package dev.tollgate.example;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Starts the development authorization server as the example needs it: every scope issued;
 * account scopes to the account page's client only (its own public client, redirecting to the
 * page); the MCP scopes to every other app a person signs in to; and {@code
 * TOLLGATE_DEV_AUTO_LOGIN}, {@code TOLLGATE_DEV_ACCESS_TOKEN_SECONDS} applied.
 */
final class ExampleDevAuthorization {
  private ExampleDevAuthorization() {}

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
