package dev.tollgate.example;

import dev.tollgate.example.demo.DemoAccounts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens as RFC 9068 and the MCP authorization spec want them: header {@code typ:
 * at+jwt}; {@code aud} exactly the RFC 8707 {@code resource} indicators (of the token request, or
 * else of the authorization request; none, no audience, so the token is refused); {@code
 * client_id}; {@code scope} as one space-separated string, sorted (a client-credentials client that
 * names none gets its defaults); {@code plan} when the subject is a demo account; and, for tokens
 * of a person's grant, {@code auth_time}: when the person approved it, kept across refreshes, so a
 * disconnected app stays out until the person approves it again.
 */
final class DevTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {
  static final String RESOURCE = "resource";
  static final String INVALID_TARGET = "invalid_target";

  private final DevAuthorizationOptions options;

  DevTokenCustomizer(DevAuthorizationOptions options) {
    this.options = options;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    String clientId = context.getRegisteredClient().getClientId();
    String subject =
        Objects.requireNonNull(context.<Authentication>getPrincipal(), "principal == null")
            .getName();
    context.getJwsHeader().type("at+jwt");
    List<String> audience = audience(context);
    // Sorted: the order of scopes means nothing (RFC 6749 §3.3), and a stable one reads better.
    Set<String> scopes = new TreeSet<>(context.getAuthorizedScopes());
    if (scopes.isEmpty()
        && AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
      scopes.addAll(options.defaultScopesOf(clientId));
    }
    context
        .getClaims()
        .claims(
            claims -> {
              claims.remove("aud");
              claims.remove("scope");
            });
    if (!audience.isEmpty()) {
      context.getClaims().audience(audience);
    }
    context.getClaims().claim("client_id", clientId);
    if (!scopes.isEmpty()) {
      context.getClaims().claim("scope", String.join(" ", scopes));
    }
    DemoAccounts.ACCOUNTS.stream()
        .filter(account -> account.id().equals(subject))
        .findFirst()
        .ifPresent(account -> context.getClaims().claim("plan", account.plan().name()));
    OAuth2Authorization authorization = context.getAuthorization();
    if (authorization != null) {
      OAuth2Authorization.Token<OAuth2AuthorizationCode> code =
          authorization.getToken(OAuth2AuthorizationCode.class);
      if (code != null && code.getToken().getIssuedAt() != null) {
        context.getClaims().claim("auth_time", code.getToken().getIssuedAt().getEpochSecond());
      }
    }
  }

  /**
   * The token request's {@code resource} values, which must be among the authorization request's
   * when there was one (RFC 8707 §2.2); without any, the authorization request's.
   */
  private static List<String> audience(JwtEncodingContext context) {
    Authentication grant = context.getAuthorizationGrant();
    Set<String> requested =
        grant instanceof OAuth2AuthorizationGrantAuthenticationToken token
            ? resources(token.getAdditionalParameters())
            : Set.of();
    Set<String> authorized = authorizedResources(context.getAuthorization());
    if (authorized == null) {
      return List.copyOf(requested);
    }
    if (!authorized.containsAll(requested)) {
      throw invalidTarget("the resource was not part of the authorization");
    }
    return List.copyOf(requested.isEmpty() ? authorized : requested);
  }

  private static @Nullable Set<String> authorizedResources(
      @Nullable OAuth2Authorization authorization) {
    if (authorization == null) {
      return null;
    }
    OAuth2AuthorizationRequest request =
        authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
    return request == null ? null : resources(request.getAdditionalParameters());
  }

  /** The {@code resource} parameters: absolute URIs without a fragment (RFC 8707 §2). */
  static Set<String> resources(Map<String, Object> parameters) {
    Object value = parameters.get(RESOURCE);
    Collection<?> values;
    if (value == null) {
      return Set.of();
    } else if (value instanceof String[] array) {
      values = Arrays.asList(array);
    } else if (value instanceof Collection<?> collection) {
      values = collection;
    } else {
      values = List.of(value);
    }
    Set<String> resources = new LinkedHashSet<>();
    for (Object each : new ArrayList<>(values)) {
      String resource = String.valueOf(each);
      try {
        URI uri = new URI(resource);
        if (!uri.isAbsolute() || uri.getRawFragment() != null) {
          throw invalidTarget("resource must be an absolute URI without a fragment");
        }
      } catch (URISyntaxException e) {
        throw invalidTarget("resource must be an absolute URI without a fragment");
      }
      resources.add(resource);
    }
    return resources;
  }

  static OAuth2AuthenticationException invalidTarget(String description) {
    return new OAuth2AuthenticationException(new OAuth2Error(INVALID_TARGET, description, null));
  }
}
