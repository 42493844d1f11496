package dev.tollgate.account.servlet;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.servlet.TollgateFilter;
import dev.tollgate.testsupport.JwtIssuer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;

/**
 * A real application on embedded Tomcat 11 (127.0.0.1, ephemeral port): an MCP endpoint behind its
 * gate (JWT access tokens for {@code /mcp} checked against a loopback JWKS, API keys, revocation,
 * entitlement), connection recording, and the account endpoints, a resource of their own ({@code
 * /account}), mounted with {@link AccountEndpoints} behind an authenticate-only gate that accepts
 * tokens for the account resource. Disconnections also revoke the grant through the issuer's
 * loopback grant API. The stores are given, so one fixture serves the in-memory and JDBC tests.
 */
final class AccountApp implements AutoCloseable {
  static final String ORIGIN = "https://app.example.test";
  static final URI UPGRADE = URI.create("https://billing.example.test/upgrade");
  static final String DOWN_PREFIX = "down-";

  /** Accounts whose directory lookups fail with a Retry-After of 1.5 seconds. */
  static final String DOWN_BRIEFLY_PREFIX = "briefly-down-";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  final JwtIssuer issuer;
  final ApiKeyStore keyStore;
  final ConnectionStore connectionStore;
  final RevocationRegistry revocations;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Tomcat tomcat;
  private final int port;
  private final URI resource;
  private final URI accountResource;
  private final Options options;

  /**
   * Variations of the fixture.
   *
   * @param allowedClientIds the account endpoints' allowed clients; empty for any
   * @param accountGateTrustsMcpAudience a misconfigured account gate that verifies tokens for the
   *     MCP resource, to show the servlet still refuses them
   * @param revokesGrants whether disconnections also revoke the grant through the issuer's grant
   *     API; without, no {@code GrantRevoker} is configured
   */
  record Options(
      Set<String> allowedClientIds, boolean accountGateTrustsMcpAudience, boolean revokesGrants) {
    static final Options DEFAULT = new Options(Set.of(), false, true);
  }

  private AccountApp(
      JwtIssuer issuer,
      ApiKeyStore keyStore,
      ConnectionStore connectionStore,
      RevocationRegistry revocations,
      Tomcat tomcat,
      int port,
      Options options) {
    this.issuer = issuer;
    this.keyStore = keyStore;
    this.connectionStore = connectionStore;
    this.revocations = revocations;
    this.tomcat = tomcat;
    this.port = port;
    this.resource = URI.create("http://127.0.0.1:" + port + "/mcp");
    this.accountResource = URI.create("http://127.0.0.1:" + port + "/account");
    this.options = options;
  }

  static AccountApp start(
      ApiKeyStore keyStore, ConnectionStore connectionStore, RevocationRegistry revocations) {
    return start(keyStore, connectionStore, revocations, Options.DEFAULT);
  }

  static AccountApp start(
      ApiKeyStore keyStore,
      ConnectionStore connectionStore,
      RevocationRegistry revocations,
      Options options) {
    JwtIssuer issuer = JwtIssuer.start();
    Tomcat tomcat = new Tomcat();
    try {
      Path base = Files.createTempDirectory("tollgate-account");
      Files.createDirectories(base.resolve("webapps"));
      tomcat.setBaseDir(base.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      tomcat.start();
      AccountApp app =
          new AccountApp(
              issuer,
              keyStore,
              connectionStore,
              revocations,
              tomcat,
              connector.getLocalPort(),
              options);
      StandardContext context = new StandardContext();
      context.setName("");
      context.setPath("");
      context.addLifecycleListener(new Tomcat.FixContextListener());
      context.addServletContainerInitializer(
          (classes, servletContext) -> app.mount(servletContext), null);
      tomcat.getHost().addChild(context);
      if (!context.getState().isAvailable()) {
        throw new IllegalStateException("context failed to start: " + context.getState());
      }
      return app;
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an application's initializer does: the MCP gate, recording, the account endpoints. */
  private void mount(jakarta.servlet.ServletContext context) {
    AccountDirectory directory =
        id -> {
          if (id.startsWith(DOWN_PREFIX)) {
            throw new DependencyUnavailableException(
                "account-directory", Duration.ofSeconds(9), null);
          }
          if (id.startsWith(DOWN_BRIEFLY_PREFIX)) {
            throw new DependencyUnavailableException(
                "account-directory", Duration.ofMillis(1500), null);
          }
          return Optional.ofNullable(accounts.get(id));
        };
    AccountEntitlementPolicy policy =
        AccountEntitlementPolicy.builder().directory(directory).upgradeUri(UPGRADE).build();
    JwtAccessTokenResolver jwt =
        JwtAccessTokenResolver.builder()
            .issuer(JwtIssuer.ISSUER)
            .audience(resource.toString())
            .jwksUri(issuer.jwksUri())
            .build();
    JwtAccessTokenResolver accountJwt =
        JwtAccessTokenResolver.builder()
            .issuer(JwtIssuer.ISSUER)
            .audience(accountResource.toString())
            .jwksUri(issuer.jwksUri())
            .build();
    // Deliberately misconfigured to grant keys the account scopes too: the account endpoints must
    // refuse API keys by their kind, whatever scopes they carry.
    ApiKeyResolver apiKeys =
        ApiKeyResolver.builder(keyStore)
            .scopes(Set.of("mcp", "account:manage", "account:read"))
            .build();
    Tollgate mcpGate =
        Tollgate.builder()
            .resource(resource)
            .authorizationServer(URI.create(JwtIssuer.ISSUER))
            .resolver(jwt)
            .resolver(apiKeys)
            .revocationCheck(revocations)
            .entitlementPolicy(policy)
            .requiredScopes(Set.of("mcp"))
            .build();
    Tollgate accountGate =
        Tollgate.builder()
            .resource(accountResource)
            .authorizationServer(URI.create(JwtIssuer.ISSUER))
            .scopesSupported(List.of("account:manage", "account:read"))
            .resolver(options.accountGateTrustsMcpAudience() ? jwt : accountJwt)
            .resolver(apiKeys)
            .revocationCheck(revocations)
            .build();
    ConnectionRecorder recorder = ConnectionRecorder.builder(connectionStore).build();
    AccountServlet.Builder config =
        AccountServlet.builder()
            .resource(accountResource)
            .apiKeys(ApiKeyService.builder(keyStore).eligibility(policy::checkAccount).build())
            .connections(recorder)
            .revocations(revocations)
            .accounts(directory)
            .entitlement(policy::checkAccount);
    if (options.revokesGrants()) {
      config.grantRevoker(
          GrantRevoker.httpDelete(issuer.grantTemplate())
              .bearerToken(() -> JwtIssuer.GRANT_ADMIN_TOKEN)
              .build());
    }
    if (!options.allowedClientIds().isEmpty()) {
      config.allowedClientIds(options.allowedClientIds());
    }
    AccountServlet servlet = config.build();

    FilterRegistration.Dynamic mcpFilter =
        context.addFilter("tollgate-mcp", new TollgateFilter(mcpGate));
    mcpFilter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/mcp");
    AccountEndpoints.recordConnections(context, recorder, "/mcp");
    context.addServlet("mcp", new OkServlet()).addMapping("/mcp");
    AccountEndpoints.mountAccount(
        context,
        "/account",
        accountGate,
        CorsPolicy.builder().allowedOrigin(ORIGIN).build(),
        servlet);
    // The same servlet class mounted by mistake without a gate in front.
    context
        .addServlet(
            "unprotected",
            AccountServlet.builder()
                .apiKeys(ApiKeyService.builder(keyStore).build())
                .connections(connectionStore)
                .revocations(revocations)
                .accounts(directory)
                .entitlement(policy::checkAccount)
                .resource(accountResource)
                .build())
        .addMapping("/unprotected/*");
  }

  /** A new account with a unique id, so tests sharing the app never share an account. */
  String newAccount(Plan plan, long purchasedCredits) {
    String id = "acct-" + UUID.randomUUID();
    accounts.put(id, new Account(id, plan, purchasedCredits, 100));
    return id;
  }

  /** A paid account with the given id, for nodes that must share one. */
  void newAccountWithId(String id) {
    accounts.put(id, new Account(id, Plan.PROFESSIONAL, 0, 100));
  }

  String paidAccount() {
    return newAccount(Plan.PROFESSIONAL, 0);
  }

  /** An MCP token: issued for the MCP resource. */
  String token(String account, String clientId, String scope) {
    return issuer.token(resource.toString(), account, clientId, scope);
  }

  /** An MCP token issued at {@code issuedAt} on a grant approved at {@code authTime}. */
  String token(
      String account,
      String clientId,
      String scope,
      java.time.Instant issuedAt,
      java.time.@Nullable Instant authTime) {
    return issuer.token(resource.toString(), account, clientId, scope, issuedAt, authTime);
  }

  /** A token issued for the account resource. */
  String accountToken(String account, String clientId, String scope) {
    return issuer.token(accountResource.toString(), account, clientId, scope);
  }

  /** A token for the account page's client, for the account resource, with the manage scope. */
  String manager(String account) {
    return accountToken(account, "account-page", "account:manage");
  }

  URI resource() {
    return resource;
  }

  URI accountResource() {
    return accountResource;
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  HttpResponse<String> send(String method, String path, @Nullable String bearer, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The status of {@code GET /mcp} with {@code bearer}: what a real MCP call would get. */
  int mcp(String bearer) throws IOException, InterruptedException {
    return send("GET", "/mcp", bearer).statusCode();
  }

  /**
   * The status line of a request written by hand, for paths {@code java.net.URI} refuses to hold.
   * One request per connection, every read bounded.
   */
  String rawStatusLine(String method, String rawPath, String bearer) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String head =
          method
              + " "
              + rawPath
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nAuthorization: Bearer "
              + bearer
              + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int read;
      while ((read = in.read(buffer)) >= 0 && bytes.size() < 1 << 16) {
        bytes.write(buffer, 0, read);
      }
      String text = bytes.toString(StandardCharsets.ISO_8859_1);
      return text.substring(0, Math.max(0, text.indexOf("\r\n")));
    }
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    } finally {
      issuer.close();
    }
  }

  /** Stands in for the MCP server: 200 for whatever the gate let through. */
  static final class OkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(200);
      response.setContentType("text/plain");
      response.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
    }
  }
}
