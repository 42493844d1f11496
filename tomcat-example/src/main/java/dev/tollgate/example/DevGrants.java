package dev.tollgate.example;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The grants (authorizations with their codes and tokens) and consents, in memory, indexed by
 * person and client so that one person's grant to one app can be ended: its refresh tokens stop
 * working and the next sign-in asks for consent again.
 */
final class DevGrants implements OAuth2AuthorizationService {
  private record Owner(String principal, String registeredClientId) {}

  private final InMemoryOAuth2AuthorizationService authorizations =
      new InMemoryOAuth2AuthorizationService();
  private final InMemoryOAuth2AuthorizationConsentService consents =
      new InMemoryOAuth2AuthorizationConsentService();
  private final Map<String, Owner> owners = new ConcurrentHashMap<>();
  private final RegisteredClientRepository clients;

  DevGrants(RegisteredClientRepository clients) {
    this.clients = clients;
  }

  /** The consents, kept beside the grants. */
  InMemoryOAuth2AuthorizationConsentService consents() {
    return consents;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    authorizations.save(authorization);
    owners.put(
        authorization.getId(),
        new Owner(authorization.getPrincipalName(), authorization.getRegisteredClientId()));
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    authorizations.remove(authorization);
    owners.remove(authorization.getId());
  }

  @Override
  public @Nullable OAuth2Authorization findById(String id) {
    return authorizations.findById(id);
  }

  @Override
  public @Nullable OAuth2Authorization findByToken(
      String token, @Nullable OAuth2TokenType tokenType) {
    return authorizations.findByToken(token, tokenType);
  }

  /** Ends every grant of {@code clientId} for {@code principal} and its consent. */
  boolean revoke(String principal, String clientId) {
    RegisteredClient client = clients.findByClientId(clientId);
    if (client == null) {
      return false;
    }
    Owner owner = new Owner(principal, client.getId());
    List<String> ids =
        owners.entrySet().stream()
            .filter(e -> e.getValue().equals(owner))
            .map(Map.Entry::getKey)
            .toList();
    boolean any = false;
    for (String id : ids) {
      OAuth2Authorization authorization = authorizations.findById(id);
      if (authorization != null) {
        remove(authorization);
        any = true;
      }
    }
    OAuth2AuthorizationConsent consent = consents.findById(client.getId(), principal);
    if (consent != null) {
      consents.remove(consent);
      any = true;
    }
    return any;
  }
}
