package dev.tollgate.example;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refresh tokens for public clients. MCP clients (MCP Inspector, Claude Code) register as public
 * clients, with no secret, and refresh their own tokens; OAuth 2.1 (§4.3.1) allows that when
 * refresh tokens are rotated, as this server does (each is single-use). The library issues refresh
 * tokens only to confidential clients and authenticates a public client only with a code verifier,
 * so this adds the three missing parts: a refresh token generator for them, and a client
 * authentication (converter and provider) for the refresh and revocation requests of a public
 * client, which name their {@code client_id} and nothing else.
 */
final class DevPublicClients {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DevPublicClients() {}

  /** Refresh tokens, 256 random bits, for every client allowed the refresh token grant. */
  static final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {
    @Override
    public @Nullable OAuth2RefreshToken generate(OAuth2TokenContext context) {
      if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
          || !context
              .getRegisteredClient()
              .getAuthorizationGrantTypes()
              .contains(AuthorizationGrantType.REFRESH_TOKEN)) {
        return null;
      }
      byte[] value = new byte[32];
      RANDOM.nextBytes(value);
      Instant issuedAt = Instant.now();
      return new OAuth2RefreshToken(
          Base64.getUrlEncoder().withoutPadding().encodeToString(value),
          issuedAt,
          issuedAt.plus(
              context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive()));
    }
  }

  /**
   * A request with a {@code client_id}, no secret and no {@code Authorization} header that is a
   * refresh token grant or a revocation: a public client's.
   */
  static final class Converter implements AuthenticationConverter {
    private final String revocationPath;

    Converter(String revocationPath) {
      this.revocationPath = revocationPath;
    }

    @Override
    public @Nullable Authentication convert(HttpServletRequest request) {
      if (!"POST".equals(request.getMethod())
          || request.getHeader(HttpHeaders.AUTHORIZATION) != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
        return null;
      }
      String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
      if (clientIds == null) {
        return null;
      }
      if (clientIds.length != 1 || clientIds[0].isBlank()) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
      }
      boolean refresh =
          AuthorizationGrantType.REFRESH_TOKEN
              .getValue()
              .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
      boolean revocation =
          revocationPath.equals(
              request.getRequestURI().substring(request.getContextPath().length()));
      if (!refresh && !revocation) {
        return null;
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      request
          .getParameterMap()
          .forEach(
              (name, values) -> {
                if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
                  parameters.put(name, values.length == 1 ? values[0] : values);
                }
              });
      return new OAuth2ClientAuthenticationToken(
          clientIds[0], ClientAuthenticationMethod.NONE, null, parameters);
    }
  }

  /** Authenticates what {@link Converter} found: a client registered for {@code none}. */
  static final class Provider implements AuthenticationProvider {
    private final RegisteredClientRepository clients;

    Provider(RegisteredClientRepository clients) {
      this.clients = clients;
    }

    @Override
    public @Nullable Authentication authenticate(Authentication authentication) {
      OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
      if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())
          || request.getAdditionalParameters().containsKey("code_verifier")) {
        // The authorization code grant: the library checks the code verifier.
        return null;
      }
      RegisteredClient client = clients.findByClientId(String.valueOf(request.getPrincipal()));
      if (client == null
          || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
      }
      return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
  }
}
