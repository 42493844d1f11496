package dev.tollgate.example;

import dev.tollgate.example.demo.DemoAccounts;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A local OAuth 2.0 authorization server for development only, on Spring Authorization Server in an
 * embedded Tomcat of its own: RFC 8414 metadata, open Dynamic Client Registration (RFC 7591), the
 * authorization code grant with PKCE (S256 only, RFC 7636) and a sign-in page where the person
 * picks a demo account, a consent step, refresh tokens (rotated at every use), token revocation
 * (RFC 7009), client credentials, and RFC 8707 {@code resource} indicators as the {@code aud} of
 * RFC 9068 access tokens ({@code typ: at+jwt}). It does what MCP clients (MCP Inspector, Claude,
 * Claude Code) need to connect with no set-up; {@code openid} is never required.
 *
 * <p>It authenticates nobody: anyone can sign in as any demo account, and any client id with any
 * secret obtains a client-credentials token for the account of that name. It listens on loopback
 * only, and the example starts it only when no external issuer is configured. Its issuer is {@code
 * http://localhost:<port>}.
 */
public final class DevAuthorizationServer implements AutoCloseable {
  /** One hour: long enough for a demo session, short enough that a leaked token soon dies. */
  public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

  private final Tomcat tomcat;
  private final AnnotationConfigApplicationContext spring;
  private final Path baseDir;
  private final int port;

  private DevAuthorizationServer(
      Tomcat tomcat, AnnotationConfigApplicationContext spring, Path baseDir, int port) {
    this.tomcat = tomcat;
    this.spring = spring;
    this.baseDir = baseDir;
    this.port = port;
  }

  /**
   * Starts a server on loopback {@code port} (0 for a free one) issuing {@code scopes}, all of them
   * to a client that asks for none.
   */
  public static DevAuthorizationServer start(int port, Set<String> scopes) {
    return builder().port(port).scopes(scopes).start();
  }

  /**
   * Starts a server on loopback {@code port} (0 for a free one) issuing the {@code scopes} a client
   * asks for; to a client-credentials client that asks for none, its entry in {@code
   * clientDefaultScopes}, else {@code defaultScopes}.
   */
  public static DevAuthorizationServer start(
      int port,
      Set<String> scopes,
      Set<String> defaultScopes,
      Map<String, Set<String>> clientDefaultScopes) {
    Builder builder = builder().port(port).scopes(scopes).defaultScopes(defaultScopes);
    clientDefaultScopes.forEach(builder::clientDefaultScopes);
    return builder.start();
  }

  /** A builder; {@link Builder#scopes(Set)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** The issuer, {@code http://localhost:<port>}: the {@code iss} of its tokens. */
  public URI issuer() {
    return URI.create("http://localhost:" + port);
  }

  /** Its RFC 8414 metadata document. */
  public URI metadataUri() {
    return URI.create(issuer() + "/.well-known/oauth-authorization-server");
  }

  /** Its JWK set URL. */
  public URI jwksUri() {
    return URI.create(issuer() + DevAuthorizationConfig.JWKS_PATH);
  }

  /** Its token endpoint. */
  public URI tokenEndpoint() {
    return URI.create(issuer() + DevAuthorizationConfig.TOKEN_PATH);
  }

  /** Its authorization endpoint. */
  public URI authorizationEndpoint() {
    return URI.create(issuer() + DevAuthorizationConfig.AUTHORIZATION_PATH);
  }

  /** Its RFC 7591 registration endpoint. */
  public URI registrationEndpoint() {
    return URI.create(issuer() + DevAuthorizationConfig.REGISTRATION_PATH);
  }

  /**
   * Ends every grant of {@code clientId} for {@code account}: its refresh tokens stop working and
   * the person is asked for consent again. Answers whether there was one.
   */
  public boolean revokeGrants(String account, String clientId) {
    return spring.getBean(DevGrants.class).revoke(account, clientId);
  }

  @Override
  public synchronized void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      // Stopping is best effort; the port is released with the process at the latest.
    }
    spring.close();
    deleteRecursively(baseDir);
  }

  /** Settings of a {@link DevAuthorizationServer}; each may be set once. */
  public static final class Builder {
    private int port;
    private @Nullable Set<String> scopes;
    private @Nullable Set<String> defaultScopes;
    private @Nullable Set<String> userScopes;
    private final Map<String, Set<String>> clientDefaultScopes = new LinkedHashMap<>();
    private final Map<String, DevClients.PageClient> pageClients = new LinkedHashMap<>();
    private @Nullable String autoLogin;
    private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;

    private Builder() {}

    /** The loopback port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Every scope it issues. */
    public Builder scopes(Set<String> scopes) {
      this.scopes = Set.copyOf(scopes);
      return this;
    }

    /**
     * What a client-credentials client that names no scope gets; by default all {@link #scopes}.
     */
    public Builder defaultScopes(Set<String> defaultScopes) {
      this.defaultScopes = Set.copyOf(defaultScopes);
      return this;
    }

    /**
     * The scopes a person may grant to an app that signs them in (registered, or any client id): by
     * default all {@link #scopes}. The example leaves the account scopes out: those go to the
     * account page's own client only.
     */
    public Builder userScopes(Set<String> userScopes) {
      this.userScopes = Set.copyOf(userScopes);
      return this;
    }

    /** What client-credentials client {@code clientId} gets when it names no scope. */
    public Builder clientDefaultScopes(String clientId, Set<String> scopes) {
      clientDefaultScopes.put(
          Objects.requireNonNull(clientId, "clientId == null"), Set.copyOf(scopes));
      return this;
    }

    /**
     * A first-party public client (PKCE, no secret, no consent step) that signs a person in from
     * {@code redirectUri} for {@code scopes}, and nothing else: the account page.
     */
    public Builder pageClient(String clientId, URI redirectUri, Set<String> scopes) {
      Objects.requireNonNull(clientId, "clientId == null");
      pageClients.put(
          clientId, new DevClients.PageClient(clientId, redirectUri, Set.copyOf(scopes)));
      return this;
    }

    /**
     * Signs every authorization request in as demo account {@code account} and approves it, with no
     * page: for scripted tests and CI ({@code TOLLGATE_DEV_AUTO_LOGIN}).
     */
    public Builder autoLogin(@Nullable String account) {
      if (account != null
          && DemoAccounts.ACCOUNTS.stream().noneMatch(a -> a.id().equals(account))) {
        throw new IllegalArgumentException(
            "TOLLGATE_DEV_AUTO_LOGIN must name a demo account (demo-pro, demo-enterprise, demo-credits, demo-free), was '"
                + account
                + "'");
      }
      this.autoLogin = account;
      return this;
    }

    /** How long an access token lives; one hour by default. */
    public Builder accessTokenLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("accessTokenLifetime must be positive, was " + lifetime);
      }
      this.accessTokenLifetime = lifetime;
      return this;
    }

    /**
     * Starts the server and returns once it accepts requests.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public DevAuthorizationServer start() {
      Set<String> issued = Objects.requireNonNull(scopes, "scopes were not set");
      Set<String> defaults = defaultScopes != null ? defaultScopes : issued;
      Set<String> forUsers = userScopes != null ? userScopes : issued;
      if (!issued.containsAll(defaults)
          || !issued.containsAll(forUsers)
          || !clientDefaultScopes.values().stream().allMatch(issued::containsAll)
          || !pageClients.values().stream().allMatch(c -> issued.containsAll(c.scopes()))) {
        throw new IllegalArgumentException(
            "default, user and client scopes must be among the issued scopes");
      }
      InetAddress loopback = InetAddress.getLoopbackAddress();
      String cannotListen =
          "TOLLGATE_DEV_AUTH_PORT: cannot listen on port " + port + " (in use, or not permitted)";
      PortProbe.requireBindable(loopback, port, cannotListen);
      Path baseDir;
      try {
        baseDir = Files.createTempDirectory("tollgate-dev-auth");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the authorization server's base directory", e);
      }
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toString());
      Connector connector = new Connector();
      connector.setPort(port);
      connector.setProperty("address", loopback.getHostAddress());
      tomcat.setConnector(connector);
      AnnotationConfigApplicationContext spring = null;
      try {
        tomcat.init();
        int bound = connector.getLocalPort();
        if (bound <= 0) {
          throw new IllegalStateException(cannotListen);
        }
        DevAuthorizationOptions options =
            new DevAuthorizationOptions(
                "http://localhost:" + bound,
                issued,
                defaults,
                forUsers,
                Map.copyOf(clientDefaultScopes),
                Map.copyOf(pageClients),
                autoLogin,
                accessTokenLifetime);
        spring = new AnnotationConfigApplicationContext();
        spring.registerBean(DevAuthorizationOptions.class, () -> options);
        spring.register(DevAuthorizationConfig.class);
        spring.refresh();
        Context context = tomcat.addContext("", baseDir.toString());
        FilterDef security = new FilterDef();
        security.setFilterName("springSecurityFilterChain");
        security.setFilter(spring.getBean("springSecurityFilterChain", Filter.class));
        context.addFilterDef(security);
        FilterMap map = new FilterMap();
        map.setFilterName("springSecurityFilterChain");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        // Requests reach filters only through a servlet; whatever the filters leave is not found.
        Tomcat.addServlet(context, "notFound", new NotFound());
        context.addServletMapping("/", "notFound");
        tomcat.start();
        return new DevAuthorizationServer(tomcat, spring, baseDir, bound);
      } catch (LifecycleException | RuntimeException e) {
        if (spring != null) {
          spring.close();
        }
        try {
          tomcat.destroy();
        } catch (LifecycleException ignored) {
          // Already failing; the original exception says why.
        }
        deleteRecursively(baseDir);
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(
            "the development authorization server did not start: " + e.getMessage(), e);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  private static final class NotFound extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":\"not_found\"}");
    }
  }
}
