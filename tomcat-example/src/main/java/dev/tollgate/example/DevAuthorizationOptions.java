package dev.tollgate.example;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DevAuthorizationServer.Builder} collected, validated there, handed to the Spring
 * configuration.
 *
 * @param issuer {@code http://localhost:<port>}
 * @param scopes every scope issued
 * @param defaultScopes a client-credentials client's scopes when it names none
 * @param userScopes the scopes a person may grant an app other than a page client
 * @param clientDefaultScopes per client id, what client credentials give when no scope is named
 * @param pageClients first-party public clients by client id
 * @param autoLogin the demo account every authorization request is signed in as, or {@code null}
 * @param accessTokenLifetime how long an access token lives
 */
record DevAuthorizationOptions(
    String issuer,
    Set<String> scopes,
    Set<String> defaultScopes,
    Set<String> userScopes,
    Map<String, Set<String>> clientDefaultScopes,
    Map<String, DevClients.PageClient> pageClients,
    @Nullable String autoLogin,
    Duration accessTokenLifetime) {

  /** A refresh token outlives many access tokens; rotation limits what a stolen one is worth. */
  static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(7);

  /** What client-credentials client {@code clientId} gets when it names no scope. */
  Set<String> defaultScopesOf(String clientId) {
    return clientDefaultScopes.getOrDefault(clientId, defaultScopes);
  }
}
