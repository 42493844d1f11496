package dev.tollgate.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks an authorization request with the library's own validator (redirect URI, scope, PKCE with
 * S256, prompt), against the client as this server lets it sign a person in: only with the scopes a
 * person may grant it (never the account scopes, except to the account page's client), and, for a
 * client id that was never registered, from any loopback {@code http} redirect URI (RFC 8252 §7.3;
 * local tools pick their callback port at run time). Its {@code resource} indicators must be
 * absolute URIs without a fragment (RFC 8707).
 */
final class DevAuthorizationRequestValidator
    implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final DevClients clients;
  private final OAuth2AuthorizationCodeRequestAuthenticationValidator library =
      new OAuth2AuthorizationCodeRequestAuthenticationValidator();

  DevAuthorizationRequestValidator(DevClients clients) {
    this.clients = clients;
  }

  @Override
  public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    RegisteredClient client = context.getRegisteredClient();
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    Set<String> allowed = clients.userScopesOf(client);
    RegisteredClient.Builder asChecked =
        RegisteredClient.from(client).scopes(scopes -> scopes.retainAll(allowed));
    String redirectUri = request.getRedirectUri();
    if (clients.kindOf(client) == DevClients.Kind.OPEN
        && redirectUri != null
        && isLoopbackHttp(redirectUri)) {
      asChecked.redirectUri(redirectUri);
    }
    library.accept(
        OAuth2AuthorizationCodeRequestAuthenticationContext.with(request)
            .registeredClient(asChecked.build())
            .build());
    try {
      DevTokenCustomizer.resources(request.getAdditionalParameters());
    } catch (OAuth2AuthenticationException e) {
      throw new OAuth2AuthorizationCodeRequestAuthenticationException(
          new OAuth2Error(DevTokenCustomizer.INVALID_TARGET, e.getError().getDescription(), null),
          request);
    }
  }

  static boolean isLoopbackHttp(String redirectUri) {
    try {
      URI uri = new URI(redirectUri);
      return "http".equals(uri.getScheme())
          && uri.getHost() != null
          && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))
          && uri.getRawFragment() == null
          && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
