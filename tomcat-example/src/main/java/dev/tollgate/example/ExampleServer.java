package dev.tollgate.example;

import dev.tollgate.CredentialRouter;
import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.example.demo.DemoAccounts;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.metadata.WellKnown;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import dev.tollgate.revocation.RevocationRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example MCP server: embedded Tomcat with {@link dev.tollgate.servlet.TollgateFilter} in front
 * of the MCP Java SDK's streamable HTTP endpoint, and account self-service at {@code /account},
 * configured from the environment (see {@link ExampleConfig}).
 *
 * <p>Run {@code java -jar tomcat-example/target/tollgate-example.jar}; it prints the demo API keys
 * and a ready {@code curl} line. Tests use {@link #start(ExampleConfig)} and {@link #close()}.
 */
public final class ExampleServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExampleServer.class);

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger TOMCAT_LOG =
      java.util.logging.Logger.getLogger("org.apache");

  private final Tomcat tomcat;
  private final Path baseDir;
  private final InetAddress host;
  private final int port;
  private final URI resource;
  private final URI accountResource;
  private final @Nullable DevAuthorizationServer devAuthorizationServer;
  private final ExampleBackend backend;
  private final McpEndpoint endpoint;
  private final Map<String, Optional<String>> apiKeys;

  private ExampleServer(
      Tomcat tomcat,
      Path baseDir,
      InetAddress host,
      int port,
      URI resource,
      URI accountResource,
      @Nullable DevAuthorizationServer devAuthorizationServer,
      ExampleBackend backend,
      McpEndpoint endpoint,
      Map<String, Optional<String>> apiKeys) {
    this.tomcat = tomcat;
    this.baseDir = baseDir;
    this.host = host;
    this.port = port;
    this.resource = resource;
    this.accountResource = accountResource;
    this.devAuthorizationServer = devAuthorizationServer;
    this.backend = backend;
    this.endpoint = endpoint;
    this.apiKeys = apiKeys;
  }

  /**
   * Starts the server from the environment. A bad setting or a port that cannot be bound ends the
   * process with one line on standard error naming the setting, and exit status 1.
   */
  public static void main(String[] args) throws Exception {
    // Tomcat's lifecycle INFO lines say nothing an operator needs next to the banner, and on a
    // failed start they would surround the one line that does; its warnings still show.
    TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
    ExampleServer server;
    try {
      server = start(ExampleConfig.fromEnvironment(System.getenv()));
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      // The operator's to fix, not a bug: a stack trace would only bury the setting's name.
      System.err.println("tollgate-example: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tollgate-example-shutdown"));
    server.printBanner(System.out);
    server.tomcat.getServer().await();
  }

  /**
   * Starts the server as {@code config} says and returns once it accepts requests.
   *
   * @throws IllegalArgumentException naming the setting at fault
   * @throws IllegalStateException when Tomcat cannot start (port in use, ...)
   */
  public static ExampleServer start(ExampleConfig config) {
    Path baseDir;
    try {
      baseDir = Files.createTempDirectory("tollgate-example");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Tomcat's base directory", e);
    }
    InetAddress host = config.host();
    requireBindable(host, config.port(), baseDir);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(config.port());
    connector.setProperty("address", host.getHostAddress());
    tomcat.setConnector(connector);
    JsonErrorReports.install(tomcat);
    DevAuthorizationServer devAuth = null;
    ExampleBackend backend = null;
    try {
      // init() binds the port, so a port of 0 is known before the resource URL is derived from it.
      tomcat.init();
      int port = connector.getLocalPort();
      if (port <= 0) {
        // Tomcat logs a failed bind and carries on; without a port nothing below makes sense.
        throw new IllegalStateException(cannotListen(host, config.port()));
      }
      URI resource = config.resourceFor(port);
      String issuer = config.issuer();
      URI jwksUri = config.jwksUri();
      if (config.startsDevAuthorizationServer()) {
        devAuth = ExampleDevAuthorization.start(config, resource);
        issuer = devAuth.issuer().toString();
        jwksUri = devAuth.jwksUri();
      }
      TollgateSettings settings = settings(config, resource, issuer, jwksUri, Map.of());
      backend = ExampleBackend.create(config.databaseUrl(), settings);
      CredentialRouter router =
          settings.credentialRouter(ExampleBackend.apiKeyPrefix(), backend.apiKeyResolver());
      Tollgate tollgate = tollgate(settings, router, backend);
      McpEndpoint endpoint = McpEndpoint.create(resource, resource.getPath(), backend.tools);
      // The account endpoints are a resource of their own, with tokens issued for it.
      TollgateSettings accountSettings =
          settings(
              config,
              resource,
              issuer,
              jwksUri,
              AccountSelfService.settingsFor(config.accountResourceFor(resource)));
      AccountSelfService account =
          AccountSelfService.create(
              accountSettings,
              tollgate,
              backend,
              config.accountClientId(),
              ExampleDevAuthorization.grantRevoker(devAuth));
      ExampleContext.mount(tomcat, tollgate, settings, endpoint, resource, account);
      tomcat.start();
      Map<String, Optional<String>> keys = DemoAccounts.issueKeys(backend.keyService);
      log.info("Tollgate example serving {} (authorization server {})", resource, issuer);
      return new ExampleServer(
          tomcat,
          baseDir,
          host,
          port,
          resource,
          account.resource(),
          devAuth,
          backend,
          endpoint,
          keys);
    } catch (LifecycleException | RuntimeException e) {
      if (devAuth != null) {
        devAuth.close();
      }
      if (backend != null) {
        backend.close();
      }
      destroy(tomcat);
      deleteRecursively(baseDir);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Tomcat did not start: " + e.getMessage(), e);
    }
  }

  /** Fails with the message {@link #start} would give when {@code port} cannot be bound. */
  private static void requireBindable(InetAddress host, int port, Path baseDir) {
    try {
      PortProbe.requireBindable(host, port, cannotListen(host, port));
    } catch (IllegalStateException e) {
      deleteRecursively(baseDir);
      throw e;
    }
  }

  private static String cannotListen(InetAddress host, int port) {
    return "PORT: cannot listen on port "
        + port
        + " of HOST "
        + host.getHostAddress()
        + " (in use, not permitted, or not an address of this machine)";
  }

  /**
   * The example's request limits unless {@code TOLLGATE_RATE_LIMITS} says otherwise: the free plan
   * (reached only with purchased credits) low enough to hit with a loop of curl, the paid plans far
   * above what a person sends.
   */
  static final String DEFAULT_RATE_LIMITS =
      "free=60/PT1M,burst=20; professional=600/PT1M,burst=100; enterprise=6000/PT1M,burst=1000";

  /** Calls in flight per account unless {@code TOLLGATE_CONCURRENCY_LIMITS} says otherwise. */
  static final String DEFAULT_CONCURRENCY_LIMITS = "free=4; professional=32; enterprise=128";

  /**
   * The filter's settings: {@code overrides} first, then its own {@code TOLLGATE_*} keys, then what
   * the example derived, among them the upgrade link of refusals ({@code TOLLGATE_UPGRADE_URI}, by
   * default the account page).
   */
  private static TollgateSettings settings(
      ExampleConfig config,
      URI resource,
      @Nullable String issuer,
      @Nullable URI jwksUri,
      Map<String, String> overrides) {
    Map<String, String> derived = new LinkedHashMap<>();
    derived.put(TollgateSettings.RESOURCE, resource.toString());
    if (issuer != null) {
      derived.put(TollgateSettings.ISSUER, issuer);
    }
    if (jwksUri != null) {
      derived.put(TollgateSettings.JWKS_URI, jwksUri.toString());
    }
    derived.put(TollgateSettings.SCOPES_SUPPORTED, String.join(" ", ExampleBackend.scopeList()));
    derived.put(TollgateSettings.RESOURCE_NAME, "Tollgate example MCP server");
    // The one origin policy (TOLLGATE_ALLOWED_ORIGINS, else the example's loopback default).
    derived.put(TollgateSettings.ALLOWED_ORIGINS, String.join(" ", config.originsFor(resource)));
    derived.put(TollgateSettings.UPGRADE_URI, AccountSelfService.pageUrl(resource).toString());
    derived.put(TollgateSettings.RATE_LIMITS, DEFAULT_RATE_LIMITS);
    derived.put(TollgateSettings.CONCURRENCY_LIMITS, DEFAULT_CONCURRENCY_LIMITS);
    if (config.introspectionUri() != null) {
      derived.put(TollgateSettings.INTROSPECTION_URI, config.introspectionUri().toString());
      derived.put(TollgateSettings.INTROSPECTION_CLIENT_ID, config.introspectionClientId());
      derived.put(TollgateSettings.INTROSPECTION_CLIENT_SECRET, config.introspectionClientSecret());
    }
    return TollgateSettings.load(
        SettingSource.firstOf(
            SettingSource.of(overrides),
            SettingSource.environment(config.environment()::get),
            SettingSource.of(derived)));
  }

  /**
   * The gate: one credential router (JWTs verified locally and opaque tokens introspected, both
   * cached; API keys routed by their prefix to the key store, uncached, so a renewed or revoked key
   * is refused on the next request), the revocation registry, and the per-plan and per-tool rules,
   * which the filter applies by reading the JSON-RPC call.
   */
  private static Tollgate tollgate(
      TollgateSettings settings, CredentialRouter router, ExampleBackend backend) {
    Tollgate.Builder gate =
        settings
            .configure(Tollgate.builder(), router)
            .revocationCheck(backend.revocations)
            .entitlementPolicy(backend.entitlement)
            .scopePolicy(ExampleBackend.scopePolicy(settings));
    PlanRequestLimiter.Builder limits = settings.requestLimiterBuilder();
    if (limits != null) {
      // The plan comes from the account directory, as entitlement's does; on PostgreSQL the
      // buckets and slots are shared by every node of the example.
      limits.planOf(backend::planOf);
      if (backend.rateLimits != null) {
        limits.store(backend.rateLimits).concurrencyStore(backend.rateLimits);
      }
      gate.requestLimiter(limits.build());
    }
    return gate.build();
  }

  /** The address Tomcat listens on ({@code HOST}; loopback by default). */
  public InetAddress host() {
    return host;
  }

  /** The port Tomcat listens on. */
  public int port() {
    return port;
  }

  /** The resource identifier: the MCP endpoint's canonical URL. */
  public URI resource() {
    return resource;
  }

  /** The account page, where a person signs in to manage the API key and connected apps. */
  public URI accountPage() {
    return AccountSelfService.pageUrl(resource);
  }

  /** The account endpoints' resource identifier, distinct from the MCP {@link #resource()}. */
  public URI accountResource() {
    return accountResource;
  }

  /** The RFC 9728 metadata URL advertised in every challenge. */
  public URI resourceMetadataUrl() {
    return WellKnown.metadataUrl(resource);
  }

  /** The local development authorization server, unless an external issuer is configured. */
  public Optional<DevAuthorizationServer> devAuthorizationServer() {
    return Optional.ofNullable(devAuthorizationServer);
  }

  /** The demo API key of {@code accountId}, if it was issued one. */
  public Optional<String> apiKey(String accountId) {
    return apiKeys.getOrDefault(accountId, Optional.empty());
  }

  /**
   * The revocation registry the gate checks: revoking an account or one of its clients here refuses
   * their credentials issued until now on the next request.
   */
  public RevocationRegistry revocations() {
    return backend.revocations;
  }

  /** Prints the demo API keys and copy-paste lines to try the server. */
  public void printBanner(PrintStream out) {
    StartupBanner.print(
        out,
        host,
        port,
        resource,
        resourceMetadataUrl(),
        accountPage(),
        devAuthorizationServer == null ? null : devAuthorizationServer.issuer(),
        devAuthorizationServer == null ? null : devAuthorizationServer.tokenEndpoint(),
        apiKeys);
  }

  /** Stops Tomcat and the development authorization server; safe to call twice. */
  @Override
  public synchronized void close() {
    endpoint.close();
    destroy(tomcat);
    backend.close();
    if (devAuthorizationServer != null) {
      devAuthorizationServer.close();
    }
    deleteRecursively(baseDir);
  }

  private static void destroy(Tomcat tomcat) {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      log.warn("Tomcat did not stop cleanly", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.debug("Could not delete {}", dir, e);
    }
  }
}
