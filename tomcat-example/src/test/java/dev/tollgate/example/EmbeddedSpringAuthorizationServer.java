package dev.tollgate.example;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.web.NimbusJwkSetEndpointFilter;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationServerMetadataEndpointFilter;
import org.springframework.security.oauth2.server.authorization.web.OAuth2ClientAuthenticationFilter;
import org.springframework.security.oauth2.server.authorization.web.OAuth2TokenEndpointFilter;

/**
 * Spring Authorization Server (spring-security-oauth2-authorization-server) with its default
 * settings, on embedded Tomcat over loopback: its own endpoint filters (RFC 8414 metadata, JWK set,
 * client authentication, token endpoint) and its own {@link JwtGenerator}, assembled without a
 * Spring application context. Its access tokens are what a Spring Boot deployment issues by
 * default: no {@code typ}, {@code scope} as a JSON array, {@code aud} = the client id.
 */
final class EmbeddedSpringAuthorizationServer implements AutoCloseable {
  private final Tomcat tomcat;
  private final File baseDir;
  private final String issuer;

  private EmbeddedSpringAuthorizationServer(Tomcat tomcat, File baseDir, String issuer) {
    this.tomcat = tomcat;
    this.baseDir = baseDir;
    this.issuer = issuer;
  }

  /** Starts the server with one client per id in {@code clientIds}, secret {@code dev-secret}. */
  static EmbeddedSpringAuthorizationServer start(List<String> clientIds, String... scopes)
      throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    JWKSource<SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(key));
    List<RegisteredClient> clients =
        clientIds.stream()
            .map(
                id -> {
                  RegisteredClient.Builder client =
                      RegisteredClient.withId(UUID.randomUUID().toString())
                          .clientId(id)
                          .clientSecret("{noop}dev-secret")
                          .clientAuthenticationMethod(
                              ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                          .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
                  for (String scope : scopes) {
                    client.scope(scope);
                  }
                  return client.build();
                })
            .toList();
    InMemoryRegisteredClientRepository repository = new InMemoryRegisteredClientRepository(clients);
    InMemoryOAuth2AuthorizationService authorizations = new InMemoryOAuth2AuthorizationService();
    ProviderManager authentication =
        new ProviderManager(
            new ClientSecretAuthenticationProvider(repository, authorizations),
            new OAuth2ClientCredentialsAuthenticationProvider(
                authorizations, new JwtGenerator(new NimbusJwtEncoder(keys))));

    File baseDir = Files.createTempDirectory("spring-as").toFile();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    tomcat.init();
    String issuer = "http://127.0.0.1:" + connector.getLocalPort();
    AuthorizationServerSettings settings =
        AuthorizationServerSettings.builder().issuer(issuer).build();
    AuthorizationServerContext serverContext =
        new AuthorizationServerContext() {
          @Override
          public String getIssuer() {
            return issuer;
          }

          @Override
          public AuthorizationServerSettings getAuthorizationServerSettings() {
            return settings;
          }
        };
    Filter holder =
        (request, response, chain) -> {
          AuthorizationServerContextHolder.setContext(serverContext);
          try {
            chain.doFilter(request, response);
          } finally {
            AuthorizationServerContextHolder.resetContext();
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
          }
        };
    addFilter(context, "context", holder);
    addFilter(context, "metadata", new OAuth2AuthorizationServerMetadataEndpointFilter());
    addFilter(context, "jwks", new NimbusJwkSetEndpointFilter(keys));
    addFilter(
        context,
        "client-authentication",
        new OAuth2ClientAuthenticationFilter(
            authentication,
            request ->
                "POST".equals(request.getMethod())
                    && "/oauth2/token".equals(request.getRequestURI())));
    addFilter(context, "token", new OAuth2TokenEndpointFilter(authentication));
    Tomcat.addServlet(
        context,
        "not-found",
        new HttpServlet() {
          @Override
          protected void service(
              jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            response.sendError(404);
          }
        });
    context.addServletMappingDecoded("/", "not-found");
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      tomcat.destroy();
      throw e;
    }
    return new EmbeddedSpringAuthorizationServer(tomcat, baseDir, issuer);
  }

  private static void addFilter(Context context, String name, Filter filter) {
    FilterDef definition = new FilterDef();
    definition.setFilterName(name);
    definition.setFilter(filter);
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName(name);
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
  }

  String issuer() {
    return issuer;
  }

  URI tokenEndpoint() {
    return URI.create(issuer + "/oauth2/token");
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      // Stopping a test server: nothing left to do.
    }
    try (var files = Files.walk(baseDir.toPath())) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .map(java.nio.file.Path::toFile)
          .forEach(File::delete);
    } catch (IOException e) {
      // A temporary directory left behind.
    }
  }
}
