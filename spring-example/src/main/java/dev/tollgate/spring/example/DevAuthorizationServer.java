package dev.tollgate.spring.example;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The local development authorization server ({@code mock-oauth2-server}), as in the Tomcat
 * example: RFC 8414 / OpenID discovery, a JWK set, the token endpoint (client credentials,
 * authorization code with PKCE). It authenticates nobody (any client secret is accepted; the client
 * id becomes the account), listens on loopback only, and is started only when no issuer is
 * configured. Its issuer is {@code http://localhost:<port>/tollgate}.
 *
 * <p>Access tokens are shaped as RFC 9068 and the MCP authorization spec want them: {@code typ:
 * at+jwt}, {@code aud} exactly the RFC 8707 {@code resource} parameters of the token request (none,
 * no audience, so the token is refused), {@code client_id}, and {@code scope} the requested scopes
 * this server knows, or all of them when none is requested.
 */
final class DevAuthorizationServer implements AutoCloseable {
  static final String ISSUER_ID = "tollgate";

  /** One hour: long enough for a demo session, short enough that a leaked token soon dies. */
  static final long TOKEN_LIFETIME_SECONDS = 3600;

  private final MockOAuth2Server server;

  private DevAuthorizationServer(MockOAuth2Server server) {
    this.server = server;
  }

  /** Starts on loopback {@code port} (0 for a free one), issuing {@code scopes}. */
  static DevAuthorizationServer start(int port, Set<String> scopes) {
    OAuth2Config config =
        new OAuth2Config(
            true, null, null, false, new OAuth2TokenProvider(), Set.of(new TokenShape(scopes)));
    MockOAuth2Server server = new MockOAuth2Server(config);
    try {
      server.start(InetAddress.getLoopbackAddress(), port);
    } catch (Exception e) {
      // Kotlin throws the BindException undeclared; it is a checked exception all the same.
      throw new IllegalStateException(
          "TOLLGATE_DEV_AUTH_PORT: cannot listen on port " + port + " (in use, or not permitted)",
          e);
    }
    return new DevAuthorizationServer(server);
  }

  /** The issuer, {@code http://localhost:<port>/tollgate}: the {@code iss} of its tokens. */
  URI issuer() {
    return URI.create("http://localhost:" + server.baseUrl().port() + "/" + ISSUER_ID);
  }

  URI jwksUri() {
    return URI.create(issuer() + "/jwks");
  }

  @Override
  public void close() {
    server.shutdown();
  }

  private record TokenShape(Set<String> scopes) implements OAuth2TokenCallback {
    TokenShape {
      scopes = Set.copyOf(scopes);
    }

    @Override
    public String issuerId() {
      return ISSUER_ID;
    }

    @Override
    public String subject(TokenRequest request) {
      return clientId(request);
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "at+jwt";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      List<URI> resources = request.getResources();
      return resources == null ? List.of() : resources.stream().map(URI::toString).toList();
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      Scope requested = request.getScope();
      List<String> granted =
          requested == null || requested.isEmpty()
              ? scopes.stream().sorted().toList()
              : requested.toStringList().stream().filter(scopes::contains).toList();
      return Map.of("client_id", clientId(request), "scope", String.join(" ", granted));
    }

    @Override
    public long tokenExpiry() {
      return TOKEN_LIFETIME_SECONDS;
    }

    private static String clientId(TokenRequest request) {
      ClientAuthentication auth = request.getClientAuthentication();
      if (auth != null) {
        return auth.getClientID().getValue();
      }
      return request.getClientID() != null ? request.getClientID().getValue() : "anonymous";
    }
  }
}
