package dev.tollgate.example;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A local OAuth 2.0 authorization server for development, on {@code mock-oauth2-server}: it
 * serves RFC 8414 / OpenID discovery, a JWK set, the authorization endpoint (with a login page
 * where the person types the account to act as, e.g. {@code demo-pro}; PKCE is checked), and the
 * token endpoint (authorization code and client credentials).
 *
 * <p>It authenticates nobody: any client secret is accepted and anyone can obtain a token for any
 * account. It listens on loopback only, and the example starts it only when no external issuer is
 * configured. Its issuer is {@code http://localhost:<port>/tollgate}; clients must call it by that
 * host name, since the issuer it puts in tokens follows the host they used.
 */
public final class DevAuthorizationServer implements AutoCloseable {
  /** The issuer id, the path segment of the issuer URL. */
  public static final String ISSUER_ID = "tollgate";

  private final MockOAuth2Server server;
  private final int port;

  private DevAuthorizationServer(MockOAuth2Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts a server on loopback {@code port} (0 for a free one) issuing {@code scopes}, all of
   * them to a client that asks for none.
   */
  public static DevAuthorizationServer start(int port, Set<String> scopes) {
    return start(port, scopes, scopes, Map.of());
  }

  /**
   * Starts a server on loopback {@code port} (0 for a free one) issuing the {@code scopes} a
   * client asks for in its token request; to a client that asks for none, its entry in {@code
   * clientDefaultScopes}, else {@code defaultScopes}. The authorization code grant never names a
   * scope in the token request, so its clients always get their defaults.
   */
  public static DevAuthorizationServer start(
      int port,
      Set<String> scopes,
      Set<String> defaultScopes,
      Map<String, Set<String>> clientDefaultScopes) {
    OAuth2Config config =
        new OAuth2Config(
            true,
            null,
            null,
            false,
            new OAuth2TokenProvider(),
            Set.of(new ResourceAudienceTokenCallback(ISSUER_ID, scopes, defaultScopes, clientDefaultScopes)));
    MockOAuth2Server server = new MockOAuth2Server(config);
    try {
      server.start(InetAddress.getLoopbackAddress(), port);
    } catch (Exception e) {
      // Kotlin throws the BindException undeclared; it is a checked exception all the same.
      throw new IllegalStateException(
          "TOLLGATE_DEV_AUTH_PORT: cannot listen on port " + port + " (in use, or not permitted)", e);
    }
    return new DevAuthorizationServer(server, server.baseUrl().port());
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** The issuer, {@code http://localhost:<port>/tollgate}: the {@code iss} of its tokens. */
  public URI issuer() {
    return URI.create("http://localhost:" + port + "/" + ISSUER_ID);
  }

  /** Its JWK set URL. */
  public URI jwksUri() {
    return URI.create(issuer() + "/jwks");
  }

  /** Its token endpoint. */
  public URI tokenEndpoint() {
    return URI.create(issuer() + "/token");
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
