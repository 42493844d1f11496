package dev.tollgate.example;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Shapes the development authorization server's access tokens as RFC 9068 and the MCP
 * authorization spec want them: header {@code typ: at+jwt}; {@code aud} exactly the RFC 8707
 * {@code resource} parameters of the token request (none sent, no audience, so the token is
 * refused); {@code client_id}; and {@code scope} limited to the scopes this server knows (the
 * client's own defaults, else the server's, when the token request names none). The scope is read
 * from the token request only: {@code mock-oauth2-server} does not hand the authorization request
 * to this callback, so a client of the authorization code grant always gets its defaults. That is
 * how the account page's client is given {@code account:manage} and nothing else, while every
 * other client gets that scope only by asking for it in a token request (client credentials).
 *
 * <p>{@code sub} is the client id, so a client-credentials client called {@code demo-pro} acts as
 * the demo account {@code demo-pro}; with the authorization code flow the name typed on the login
 * page becomes {@code sub} instead. A client-credentials token of a demo account also carries its
 * plan in the claim {@code plan}, as an authorization server that knows plans would: the WAR, which
 * has no account directory, reads per-tool plan rules from it ({@code tool-plans}).
 */
final class ResourceAudienceTokenCallback implements OAuth2TokenCallback {
  /** One hour: long enough for a demo session, short enough that a leaked token soon dies. */
  static final long TOKEN_LIFETIME_SECONDS = 3600;

  private final String issuerId;
  private final Set<String> supportedScopes;
  private final Set<String> defaultScopes;
  private final Map<String, Set<String>> clientDefaultScopes;

  ResourceAudienceTokenCallback(
      String issuerId,
      Set<String> supportedScopes,
      Set<String> defaultScopes,
      Map<String, Set<String>> clientDefaultScopes) {
    if (!supportedScopes.containsAll(defaultScopes)
        || !clientDefaultScopes.values().stream().allMatch(supportedScopes::containsAll)) {
      throw new IllegalArgumentException("default scopes must be among the supported scopes");
    }
    this.issuerId = issuerId;
    this.supportedScopes = Set.copyOf(supportedScopes);
    this.defaultScopes = Set.copyOf(defaultScopes);
    this.clientDefaultScopes = Map.copyOf(clientDefaultScopes);
  }

  @Override
  public String issuerId() {
    return issuerId;
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
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("client_id", clientId(request));
    claims.put("scope", String.join(" ", grantedScopes(clientId(request), request.getScope())));
    DemoAccounts.ACCOUNTS.stream()
        .filter(account -> account.id().equals(clientId(request)))
        .findFirst()
        .ifPresent(account -> claims.put("plan", account.plan().name()));
    return claims;
  }

  @Override
  public long tokenExpiry() {
    return TOKEN_LIFETIME_SECONDS;
  }

  Set<String> grantedScopes(String clientId, Scope requested) {
    if (requested == null || requested.isEmpty()) {
      Set<String> defaults = clientDefaultScopes.getOrDefault(clientId, defaultScopes);
      return new LinkedHashSet<>(defaults.stream().sorted().toList());
    }
    Set<String> granted = new LinkedHashSet<>();
    for (String scope : requested.toStringList()) {
      if (supportedScopes.contains(scope)) {
        granted.add(scope);
      }
    }
    return granted;
  }

  private static String clientId(TokenRequest request) {
    ClientAuthentication auth = request.getClientAuthentication();
    if (auth != null) {
      return auth.getClientID().getValue();
    }
    return request.getClientID() != null ? request.getClientID().getValue() : "anonymous";
  }
}
