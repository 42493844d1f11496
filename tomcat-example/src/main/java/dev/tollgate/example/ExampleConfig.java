package dev.tollgate.example;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The example server's configuration, read from the environment ({@link #fromEnvironment(Map)}) and
 * validated once. The variable names are a public contract: scripts and operators rely on them.
 *
 * @param port the HTTP port; 0 picks a free one (tests)
 * @param resource the MCP endpoint's canonical URL, or {@code null} for {@code
 *     http://localhost:<port>/mcp} once the port is known
 * @param issuer the external authorization servers' issuers (space- or comma-separated); {@code
 *     null} starts the local development one
 * @param jwksUri the external authorization server's JWK set URL, or {@code null} to discover each
 *     issuer's from its metadata
 * @param introspectionUri an RFC 7662 endpoint for opaque tokens, or {@code null}
 * @param introspectionClientId this resource server's client id at the introspection endpoint
 * @param introspectionClientSecret its client secret
 * @param databaseUrl a JDBC URL for the API key store and the credit ledger, or {@code null} for
 *     in-memory stores
 * @param devAuthPort the local development authorization server's port; 0 picks a free one
 * @param allowedOrigins browser origins the filter accepts on the MCP endpoint (others get 403
 *     {@code origin_not_allowed}, preflight or not), or empty for the resource's own origin plus
 *     any loopback origin when the resource is on loopback
 * @param environment where the filter's own {@code TOLLGATE_*} keys are read (scopes, CORS,
 *     retry-after, ...; see {@code dev.tollgate.config.TollgateSettings})
 */
public record ExampleConfig(
    int port,
    @Nullable URI resource,
    @Nullable String issuer,
    @Nullable URI jwksUri,
    @Nullable URI introspectionUri,
    @Nullable String introspectionClientId,
    @Nullable String introspectionClientSecret,
    @Nullable String databaseUrl,
    int devAuthPort,
    List<String> allowedOrigins,
    Map<String, String> environment) {

  /** The port when {@code PORT} is unset. */
  public static final int DEFAULT_PORT = 8080;

  /** The development authorization server's port when {@code TOLLGATE_DEV_AUTH_PORT} is unset. */
  public static final int DEFAULT_DEV_AUTH_PORT = 9090;

  /**
   * The address listened on when {@code HOST} is unset: loopback, because the server prints working
   * demo API keys and runs an authorization server that accepts anyone.
   */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public ExampleConfig {
    requirePort(port, "PORT");
    requirePort(devAuthPort, "TOLLGATE_DEV_AUTH_PORT");
    if (issuer == null && jwksUri != null) {
      throw new IllegalArgumentException(
          "TOLLGATE_JWKS_URI needs TOLLGATE_ISSUER (the external authorization server it belongs to)");
    }
    if (introspectionUri != null
        && (introspectionClientId == null || introspectionClientSecret == null)) {
      throw new IllegalArgumentException(
          "TOLLGATE_INTROSPECTION_URI needs TOLLGATE_INTROSPECTION_CLIENT_ID and TOLLGATE_INTROSPECTION_CLIENT_SECRET");
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    environment = Map.copyOf(environment);
    host(environment);
    devAutoLogin(issuer, environment);
    devAccessTokenSeconds(environment);
  }

  /** Defaults everywhere: port 8080, local development authorization server on 9090, in memory. */
  public static ExampleConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /** An in-process configuration for tests: free ports, local authorization server, in memory. */
  public static ExampleConfig ephemeral() {
    return new ExampleConfig(0, null, null, null, null, null, null, null, 0, List.of(), Map.of());
  }

  /**
   * Reads {@code HOST}, {@code PORT}, {@code TOLLGATE_RESOURCE}, {@code TOLLGATE_ISSUER}, {@code
   * TOLLGATE_JWKS_URI}, {@code TOLLGATE_INTROSPECTION_URI}, {@code
   * TOLLGATE_INTROSPECTION_CLIENT_ID}, {@code TOLLGATE_INTROSPECTION_CLIENT_SECRET}, {@code
   * TOLLGATE_DATABASE_URL}, {@code TOLLGATE_DEV_AUTH_PORT} and {@code TOLLGATE_ALLOWED_ORIGINS} (or
   * its deprecated former name {@code TOLLGATE_CORS_ALLOWED_ORIGINS}). Blank values count as unset.
   *
   * @throws IllegalArgumentException naming the variable at fault
   */
  public static ExampleConfig fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env == null");
    return new ExampleConfig(
        integer(env, "PORT", DEFAULT_PORT),
        uri(env, "TOLLGATE_RESOURCE"),
        string(env, "TOLLGATE_ISSUER"),
        uri(env, "TOLLGATE_JWKS_URI"),
        uri(env, "TOLLGATE_INTROSPECTION_URI"),
        string(env, "TOLLGATE_INTROSPECTION_CLIENT_ID"),
        string(env, "TOLLGATE_INTROSPECTION_CLIENT_SECRET"),
        string(env, "TOLLGATE_DATABASE_URL"),
        integer(env, "TOLLGATE_DEV_AUTH_PORT", DEFAULT_DEV_AUTH_PORT),
        list(env, "TOLLGATE_ALLOWED_ORIGINS").isEmpty()
            ? list(env, "TOLLGATE_CORS_ALLOWED_ORIGINS")
            : list(env, "TOLLGATE_ALLOWED_ORIGINS"),
        env);
  }

  /** This configuration with {@code databaseUrl} replaced. */
  public ExampleConfig withDatabaseUrl(@Nullable String databaseUrl) {
    return new ExampleConfig(
        port,
        resource,
        issuer,
        jwksUri,
        introspectionUri,
        introspectionClientId,
        introspectionClientSecret,
        databaseUrl,
        devAuthPort,
        allowedOrigins,
        environment);
  }

  /**
   * The OAuth client id of the account page, {@code TOLLGATE_ACCOUNT_CLIENT_ID}: a public client
   * (no secret; PKCE) whose redirect URI is the page's own URL, {@code <origin>/account/}. Any id
   * works with the development authorization server; register one at an external issuer.
   */
  public String accountClientId() {
    String value = string(environment, "TOLLGATE_ACCOUNT_CLIENT_ID");
    return value != null ? value : AccountPageFilter.DEFAULT_CLIENT_ID;
  }

  /**
   * The demo account the development authorization server signs every authorization request in as,
   * approving it without a page, {@code TOLLGATE_DEV_AUTO_LOGIN}: for scripted tests and CI.
   * Refused together with an external issuer, where it would mean nothing.
   */
  public @Nullable String devAutoLogin() {
    return devAutoLogin(issuer, environment);
  }

  private static @Nullable String devAutoLogin(@Nullable String issuer, Map<String, String> env) {
    String account = string(env, "TOLLGATE_DEV_AUTO_LOGIN");
    if (account != null && issuer != null) {
      throw new IllegalArgumentException(
          "TOLLGATE_DEV_AUTO_LOGIN works with the development authorization server only; unset it or TOLLGATE_ISSUER");
    }
    return account;
  }

  /**
   * How long the development authorization server's access tokens live, {@code
   * TOLLGATE_DEV_ACCESS_TOKEN_SECONDS}, or {@code null} for one hour; short values let tests watch
   * a client refresh its token.
   */
  public @Nullable Integer devAccessTokenSeconds() {
    return devAccessTokenSeconds(environment);
  }

  private static @Nullable Integer devAccessTokenSeconds(Map<String, String> env) {
    String value = string(env, "TOLLGATE_DEV_ACCESS_TOKEN_SECONDS");
    if (value == null) {
      return null;
    }
    try {
      int seconds = Integer.parseInt(value);
      if (seconds >= 1 && seconds <= 86_400) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "TOLLGATE_DEV_ACCESS_TOKEN_SECONDS must be a number of seconds from 1 to 86400, was '"
            + value
            + "'");
  }

  /**
   * The address to listen on, {@code HOST}: {@value #DEFAULT_HOST} unless set; {@code HOST=0.0.0.0}
   * (or {@code ::}) listens on every interface, another address on that one alone.
   */
  public InetAddress host() {
    return host(environment);
  }

  private static InetAddress host(Map<String, String> env) {
    String value = string(env, "HOST");
    String host = value != null ? value : DEFAULT_HOST;
    // A URL or a host:port is a common slip; refuse it before any name lookup.
    if (!host.matches("[A-Za-z0-9.:%_-]+|\\[[0-9A-Fa-f:.%]+\\]")) {
      throw new IllegalArgumentException(
          "HOST must be an IP address or a host name, was '" + host + "'");
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "HOST must be an IP address or a host name, was '" + host + "'", e);
    }
  }

  /**
   * The account endpoints' resource identifier, {@code TOLLGATE_ACCOUNT_RESOURCE}: a protected
   * resource of its own, whose tokens the MCP endpoint refuses and vice versa; by default {@code
   * <origin of the MCP resource>/account}. Its path must be {@code /account}, where the endpoints
   * are served. With an external issuer, register it there as an API / audience of its own.
   */
  public URI accountResourceFor(URI resource) {
    URI configured = uri(environment, "TOLLGATE_ACCOUNT_RESOURCE");
    if (configured == null) {
      return URI.create(origin(resource) + AccountSelfService.PATH);
    }
    if (!AccountSelfService.PATH.equals(configured.getPath())
        || configured.getRawQuery() != null
        || configured.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "TOLLGATE_ACCOUNT_RESOURCE must be an absolute URL with the path "
              + AccountSelfService.PATH
              + ", was '"
              + configured
              + "'");
    }
    return configured;
  }

  /** Whether the local development authorization server is to be started. */
  public boolean startsDevAuthorizationServer() {
    return issuer == null;
  }

  /** The resource identifier for the bound {@code actualPort}. */
  URI resourceFor(int actualPort) {
    return resource != null ? resource : URI.create("http://localhost:" + actualPort + "/mcp");
  }

  /** The origins the MCP transport accepts for {@code resource}. */
  List<String> originsFor(URI resource) {
    if (!allowedOrigins.isEmpty()) {
      return allowedOrigins;
    }
    List<String> origins = new ArrayList<>();
    origins.add(origin(resource));
    if (isLoopback(resource.getHost())) {
      // Local tools such as the MCP Inspector run in a browser on another loopback port.
      origins.add("http://localhost:*");
      origins.add("http://127.0.0.1:*");
    }
    return List.copyOf(origins);
  }

  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static void requirePort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          name + " must be a port number from 0 to 65535, was " + port);
    }
  }

  private static @Nullable String string(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = string(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
    }
  }

  private static @Nullable URI uri(Map<String, String> env, String name) {
    String value = string(env, name);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException(name + " must be an absolute URL, was '" + value + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " must be an absolute URL, was '" + value + "'", e);
    }
  }

  private static List<String> list(Map<String, String> env, String name) {
    String value = string(env, name);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }
}
