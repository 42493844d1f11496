package dev.tollgate.example;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The Spring Authorization Server behind {@link DevAuthorizationServer}: one filter chain with the
 * library's endpoints, the demo-account sign-in, open Dynamic Client Registration, and the
 * example's token shape ({@link DevTokenCustomizer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class DevAuthorizationConfig {
  static final String AUTHORIZATION_PATH = "/authorize";
  static final String TOKEN_PATH = "/token";
  static final String JWKS_PATH = "/jwks";
  static final String REVOCATION_PATH = "/revoke";
  static final String INTROSPECTION_PATH = "/introspect";
  static final String REGISTRATION_PATH = "/register";

  @Bean
  DevClients devClients(DevAuthorizationOptions options) {
    return new DevClients(options);
  }

  @Bean
  DevGrants devGrants(DevClients clients) {
    return new DevGrants(clients);
  }

  @Bean
  PasswordEncoder devPasswordEncoder() {
    return new DevPasswordEncoder();
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(DevAuthorizationOptions options) {
    return AuthorizationServerSettings.builder()
        .issuer(options.issuer())
        .authorizationEndpoint(AUTHORIZATION_PATH)
        .tokenEndpoint(TOKEN_PATH)
        .jwkSetEndpoint(JWKS_PATH)
        .tokenRevocationEndpoint(REVOCATION_PATH)
        .tokenIntrospectionEndpoint(INTROSPECTION_PATH)
        .clientRegistrationEndpoint(REGISTRATION_PATH)
        .build();
  }

  @Bean
  JWKSource<SecurityContext> jwkSource() throws Exception {
    // A new key at every start: tokens of an earlier run are refused, as a restart should do.
    RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }

  /**
   * For the registration endpoint's own access tokens (RFC 7592 reads), signed with the same key.
   */
  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
    return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
  }

  @Bean
  SecurityFilterChain devAuthorizationServer(
      HttpSecurity http,
      DevAuthorizationOptions options,
      DevClients clients,
      DevGrants grants,
      JWKSource<SecurityContext> keys)
      throws Exception {
    JwtGenerator accessTokens = new JwtGenerator(new NimbusJwtEncoder(keys));
    accessTokens.setJwtCustomizer(new DevTokenCustomizer(options));
    DevAuthorizationRequestValidator validator = new DevAuthorizationRequestValidator(clients);
    boolean autoLogin = options.autoLogin() != null;
    http.with(
        new OAuth2AuthorizationServerConfigurer(),
        server ->
            server
                .registeredClientRepository(clients)
                .authorizationService(grants)
                .authorizationConsentService(grants.consents())
                .tokenGenerator(
                    new DelegatingOAuth2TokenGenerator(
                        accessTokens, new DevPublicClients.RefreshTokens()))
                .clientAuthentication(
                    authentication ->
                        authentication
                            .authenticationConverter(
                                new DevPublicClients.Converter(REVOCATION_PATH))
                            .authenticationProvider(new DevPublicClients.Provider(clients)))
                .authorizationEndpoint(
                    authorization ->
                        authorization
                            .consentPage(DevConsentPage.PATH)
                            .authenticationProviders(
                                providers ->
                                    providers.forEach(
                                        provider -> {
                                          if (provider
                                              instanceof
                                              OAuth2AuthorizationCodeRequestAuthenticationProvider
                                                  request) {
                                            request.setAuthenticationValidator(validator);
                                            if (autoLogin) {
                                              request.setAuthorizationConsentRequired(
                                                  context -> false);
                                            }
                                          }
                                        })))
                .clientRegistrationEndpoint(
                    registration ->
                        registration
                            .openRegistrationAllowed(true)
                            .authenticationProviders(
                                providers ->
                                    providers.forEach(
                                        provider -> {
                                          if (provider
                                              instanceof
                                              OAuth2ClientRegistrationAuthenticationProvider
                                                  register) {
                                            // The library refuses a requested scope; MCP clients
                                            // send one.
                                            // RFC 7591 §2 lets the server replace it: DevClients
                                            // does.
                                            register.setAuthenticationValidator(
                                                OAuth2ClientRegistrationAuthenticationValidator
                                                    .DEFAULT_REDIRECT_URI_VALIDATOR
                                                    .andThen(
                                                        OAuth2ClientRegistrationAuthenticationValidator
                                                            .DEFAULT_JWK_SET_URI_VALIDATOR));
                                          }
                                        })))
                .authorizationServerMetadataEndpoint(
                    metadata ->
                        metadata.authorizationServerMetadataCustomizer(
                            builder ->
                                builder
                                    .tokenEndpointAuthenticationMethods(
                                        methods -> {
                                          methods.clear();
                                          methods.addAll(
                                              List.of(
                                                  "client_secret_basic",
                                                  "client_secret_post",
                                                  "none"));
                                        })
                                    .scopes(scopes -> scopes.addAll(options.userScopes()))
                                    .claim("client_id_metadata_document_supported", true))));
    // Open registration (RFC 7591 §3 without an initial access token): anyone on loopback.
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(REGISTRATION_PATH)
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .authenticationProvider(new DevSignIn.Accounts())
        .formLogin(login -> login.loginPage(DevSignIn.LOGIN_PATH).permitAll())
        .addFilterBefore(new DevSignIn.Page(), UsernamePasswordAuthenticationFilter.class)
        .addFilterAfter(new DevConsentPage(clients, AUTHORIZATION_PATH), AuthorizationFilter.class)
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(
                    new LoginUrlAuthenticationEntryPoint(DevSignIn.LOGIN_PATH)))
        .cors(cors -> cors.configurationSource(cors(options)));
    String autoLoginAccount = options.autoLogin();
    if (autoLoginAccount != null) {
      http.addFilterAfter(
          new DevSignIn.AutoLogin(autoLoginAccount, AUTHORIZATION_PATH),
          SecurityContextHolderFilter.class);
    }
    return http.build();
  }

  /**
   * Browsers on loopback pages (the account page, MCP Inspector's web UI) and the account page's
   * own origin call the metadata, token, registration and revocation endpoints across origins; no
   * cookies are involved there.
   */
  private static UrlBasedCorsConfigurationSource cors(DevAuthorizationOptions options) {
    CorsConfiguration cors = new CorsConfiguration();
    List<String> origins =
        new ArrayList<>(
            List.of("http://localhost:[*]", "http://127.0.0.1:[*]", "http://[::1]:[*]"));
    // A page client served elsewhere (TOLLGATE_RESOURCE behind a proxy) calls from its own origin.
    options
        .pageClients()
        .values()
        .forEach(page -> origins.add(ExampleConfig.origin(page.redirectUri())));
    cors.setAllowedOriginPatterns(origins);
    cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
    cors.setAllowedHeaders(
        List.of("Authorization", "Content-Type", "Accept", "MCP-Protocol-Version"));
    cors.setAllowCredentials(false);
    cors.setMaxAge(600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/.well-known/**", cors);
    for (String path :
        List.of(TOKEN_PATH, JWKS_PATH, REVOCATION_PATH, REGISTRATION_PATH, INTROSPECTION_PATH)) {
      source.registerCorsConfiguration(path, cors);
    }
    return source;
  }
}
