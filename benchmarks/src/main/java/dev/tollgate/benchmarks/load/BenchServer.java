package dev.tollgate.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.CredentialResolver;
import dev.tollgate.benchmarks.Fixtures;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The load test's server: embedded Tomcat on 127.0.0.1 with a trivial MCP-like servlet at {@code
 * /mcp}, behind {@link TollgateFilter} built in code with everything on ({@code filter}) or with
 * everything but the method and tool rules, so that it never reads the body ({@code basic}), behind
 * {@link TollgateFilter} configured by init parameters alone ({@code params}), behind {@link
 * NaiveJwtFilter} keyed by the token ({@code naive}) or by its SHA-256 digest ({@code
 * naive-sha256}), behind {@link DigestLookupFilter} ({@code hashed}), behind {@link
 * HeaderReadingFilter} ({@code header}), or alone ({@code plain}), so that they differ by the
 * filter alone. With the filter, access tokens are verified against a JWK set served over loopback
 * HTTP (fetched and cached as in production), and {@code /stats} (not behind the filter) reports
 * how many verifications and JWKS fetches happened.
 *
 * <p>Usage: {@code BenchServer filter|basic|params|naive|naive-sha256|hashed|header|plain <dir>
 * [tokens]}: writes {@code <dir>/token} (one access token), {@code <dir>/apikey}, {@code
 * <dir>/tokens} (that many distinct fresh tokens, one a line) and last {@code <dir>/port}, which
 * tells the script the server is ready.
 */
public final class BenchServer {
  static final String RESPONSE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}";

  /** The servers this class can start, one per filter (see the class comment). */
  static final List<String> MODES =
      List.of("filter", "basic", "params", "naive", "naive-sha256", "hashed", "header", "plain");

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length < 2 ? "" : args[0];
    if (!MODES.contains(mode)) {
      System.err.println("usage: BenchServer " + String.join("|", MODES) + " <dir> [tokens]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Files.createDirectories(dir);

    // BENCH_KEYS names a key file shared by all servers of one run, so they accept the same tokens.
    String keyFile = System.getenv("BENCH_KEYS");
    Fixtures fixtures = keyFile != null ? Fixtures.sharedKeys(Path.of(keyFile)) : new Fixtures();
    AtomicLong jwksFetches = new AtomicLong();
    AtomicLong verifications = new AtomicLong();
    byte[] jwks = fixtures.publicKeys.toString().getBytes(StandardCharsets.UTF_8);
    HttpServer jwksServer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(jwks);
          }
        });
    jwksServer.start();

    String jwksUri = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
    JwtAccessTokenResolver jwt =
        JwtAccessTokenResolver.builder()
            .issuer(Fixtures.ISSUER)
            .audience(Fixtures.AUDIENCE)
            .jwksUri(URI.create(jwksUri))
            .build();
    CredentialResolver counting =
        credential -> {
          verifications.incrementAndGet();
          return jwt.resolve(credential);
        };
    Fixtures.Gate gate =
        fixtures.gate(
            counting, CachingCredentialResolver.DEFAULT_MAXIMUM_SIZE, !mode.equals("basic"));

    Files.writeString(
        dir.resolve("token"), fixtures.token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT) + "\n");
    Files.writeString(dir.resolve("apikey"), gate.apiKey() + "\n");
    if (tokens > 0) {
      Files.write(dir.resolve("tokens"), mint(fixtures, tokens));
    }

    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory("tollgate-bench");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Files.createDirectories(base.resolve("webapps"));
    tomcat.start();
    StandardContext context = new StandardContext();
    context.setName("");
    context.setPath("");
    context.addLifecycleListener(new Tomcat.FixContextListener());
    Tomcat.addServlet(context, "mcp", new McpLikeServlet()).setAsyncSupported(true);
    context.addServletMapping("/mcp", "mcp");
    Tomcat.addServlet(
        context,
        "stats",
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            var stats = gate.cache().stats();
            response.setContentType("text/plain");
            response
                .getWriter()
                .printf(
                    "verifications=%d jwks_fetches=%d cache_hits=%d cache_misses=%d cache_size=%d%n",
                    verifications.get(),
                    jwksFetches.get(),
                    stats.hitCount(),
                    stats.missCount(),
                    stats.size());
          }
        });
    context.addServletMapping("/stats", "stats");
    switch (mode) {
      case "filter", "basic" ->
          addFilter(
              context,
              new TollgateFilter(gate.tollgate()),
              Map.of(),
              "/mcp",
              "/.well-known/oauth-protected-resource/*");
      case "params" ->
          // As a web.xml user configures it: resource, issuer, JWKS URL and one scope.
          addFilter(
              context,
              new TollgateFilter(),
              Map.of(
                  TollgateSettings.RESOURCE, Fixtures.AUDIENCE,
                  TollgateSettings.ISSUER, Fixtures.ISSUER,
                  TollgateSettings.JWKS_URI, jwksUri,
                  TollgateSettings.SCOPES, Fixtures.SCOPE),
              "/mcp",
              "/.well-known/oauth-protected-resource/*");
      case "naive", "naive-sha256" ->
          addFilter(
              context,
              new NaiveJwtFilter(
                  jwksUri,
                  Fixtures.ISSUER,
                  Fixtures.AUDIENCE,
                  Fixtures.SCOPE,
                  verifications,
                  mode.equals("naive-sha256")),
              Map.of(),
              "/mcp");
      case "hashed" ->
          addFilter(
              context,
              new DigestLookupFilter(
                  jwksUri, Fixtures.ISSUER, Fixtures.AUDIENCE, Fixtures.SCOPE, verifications),
              Map.of(),
              "/mcp");
      case "header" -> addFilter(context, new HeaderReadingFilter(), Map.of(), "/mcp");
      default -> {
        // plain: the servlet alone.
      }
    }
    tomcat.getHost().addChild(context);
    if (!context.getState().isAvailable()) {
      throw new LifecycleException("context failed to start: " + context.getState());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    tomcat.stop();
                  } catch (LifecycleException e) {
                    // Exiting anyway.
                  }
                  jwksServer.stop(0);
                }));
    Path ready = dir.resolve("port");
    Files.writeString(dir.resolve("port.tmp"), connector.getLocalPort() + "\n");
    Files.move(dir.resolve("port.tmp"), ready);
    System.out.println("bench server (" + mode + ") on 127.0.0.1:" + connector.getLocalPort());
    tomcat.getServer().await();
  }

  /** Distinct RS256 tokens, minted on every core (RSA signing is the slow part of the setup). */
  private static List<String> mint(Fixtures fixtures, int count) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = count * t / threads;
        int to = count * (t + 1) / threads;
        parts.add(
            pool.submit(
                () -> {
                  List<String> part = new ArrayList<>(to - from);
                  for (int i = from; i < to; i++) {
                    part.add(fixtures.token(JWSAlgorithm.RS256, Fixtures.PAID_ACCOUNT));
                  }
                  return part;
                }));
      }
      List<String> all = new ArrayList<>(count);
      for (Future<List<String>> part : parts) {
        all.addAll(part.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void addFilter(
      Context context, Filter filter, Map<String, String> parameters, String... patterns) {
    FilterDef def = new FilterDef();
    def.setFilterName("tollgate");
    def.setFilter(filter);
    def.setFilterClass(filter.getClass().getName());
    def.setAsyncSupported("true");
    parameters.forEach(def::addInitParameter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("tollgate");
    for (String pattern : patterns) {
      map.addURLPattern(pattern);
    }
    context.addFilterMap(map);
  }

  /**
   * Parses the JSON-RPC request with Jackson, as a Java MCP server does, and answers a fixed
   * result, as a trivial tool would. Behind the filter it parses the body the filter buffered, so
   * both servers pay the same parse; a servlet that read the body with {@code
   * InputStream.transferTo} would pay an 8-16 KB buffer per request on Tomcat's stream, and the
   * filter's replayed body would spare it that, flattering the filter.
   */
  static final class McpLikeServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BODY = RESPONSE.getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      JsonNode message;
      try (InputStream in = request.getInputStream()) {
        message = JSON.readTree(in);
      }
      if (message == null || !message.path("method").isTextual()) {
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        return;
      }
      response.setContentType("application/json");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }
}
