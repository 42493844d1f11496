package dev.tollgate.testing;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real OAuth 2.0 authorization server for tests, over HTTP on loopback: it publishes a JWK set
 * ({@code /jwks}, RFC 7517) and RFC 8414 metadata ({@code /.well-known/oauth-authorization-server},
 * issuer = its base URL), and mints JWT access tokens (RFC 9068) with {@link #token()}.
 *
 * <pre>{@code
 * try (LocalIssuer issuer = LocalIssuer.start(URI.create("https://mcp.example.test/mcp"))) {
 *   Tollgate gate = issuer.tollgate(issuer.resource()).requiredScopes(Set.of("mcp")).build();
 *   String token = issuer.token().subject("demo-pro").scopes("mcp").sign();
 * }
 * }</pre>
 *
 * <p>It also answers the token endpoint ({@code client_credentials} for clients registered with
 * {@link #registerClient(String, String)}, and {@code authorization_code} with PKCE S256) and an
 * authorization endpoint that approves at once, acting for {@code login_hint} (or {@value
 * AccessTokenBuilder#DEFAULT_SUBJECT}). It authenticates no person: never expose it beyond
 * loopback.
 *
 * <p>Keys (RSA 2048, EC P-256) are generated per instance. {@link #close()} stops the server.
 */
public final class LocalIssuer implements AutoCloseable {
  /** The resource tokens name by default when none is given: a name that never resolves. */
  public static final URI DEFAULT_RESOURCE = URI.create("https://mcp.example.test/mcp");

  private final HttpServer server;
  private final ExecutorService executor;
  private final IssuerKeys keys;
  private final Clock clock;
  private final URI resource;
  private final String issuer;
  private final IssuerEndpoints endpoints;

  private LocalIssuer(Builder builder) {
    this.keys = IssuerKeys.generate();
    this.clock = builder.clock;
    this.resource = builder.resource;
    this.executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "tollgate-local-issuer");
              thread.setDaemon(true);
              return thread;
            });
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    this.endpoints = new IssuerEndpoints(this, keys);
    endpoints.register(server);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts an issuer whose tokens name {@link #DEFAULT_RESOURCE} by default. */
  public static LocalIssuer start() {
    return builder().start();
  }

  /** Starts an issuer whose tokens name {@code resource} in {@code aud} by default. */
  public static LocalIssuer start(URI resource) {
    return builder().resource(resource).start();
  }

  /** Configures an issuer before starting it. */
  public static Builder builder() {
    return new Builder();
  }

  /** The issuer identifier, {@code http://127.0.0.1:<port>}: the {@code iss} of its tokens. */
  public URI issuer() {
    return URI.create(issuer);
  }

  /** The resource its tokens name by default. */
  public URI resource() {
    return resource;
  }

  /** The JWK set URL. */
  public URI jwksUri() {
    return URI.create(issuer + IssuerEndpoints.JWKS_PATH);
  }

  /** The RFC 8414 metadata URL. */
  public URI metadataUri() {
    return URI.create(issuer + IssuerEndpoints.METADATA_PATH);
  }

  /** The token endpoint (RFC 6749 §3.2). */
  public URI tokenEndpoint() {
    return URI.create(issuer + IssuerEndpoints.TOKEN_PATH);
  }

  /** The authorization endpoint (RFC 6749 §3.1). */
  public URI authorizationEndpoint() {
    return URI.create(issuer + IssuerEndpoints.AUTHORIZE_PATH);
  }

  /** A token for {@link #resource()}, valid unless the builder is told to break it. */
  public AccessTokenBuilder token() {
    return new AccessTokenBuilder(keys, clock, issuer, resource);
  }

  /** A token naming {@code resource} in {@code aud}. */
  public AccessTokenBuilder token(URI resource) {
    return new AccessTokenBuilder(
        keys, clock, issuer, Objects.requireNonNull(resource, "resource == null"));
  }

  /**
   * Lets {@code clientId} obtain tokens with {@code client_secret_basic} or {@code
   * client_secret_post}; its tokens carry {@code sub} = {@code client_id} = {@code clientId}.
   */
  public LocalIssuer registerClient(String clientId, String clientSecret) {
    endpoints.registerClient(clientId, clientSecret);
    return this;
  }

  /** A resolver that accepts this issuer's tokens for {@code resource}, fetching its JWK set. */
  public JwtAccessTokenResolver jwtResolver(URI resource) {
    Objects.requireNonNull(resource, "resource == null");
    return JwtAccessTokenResolver.builder()
        .issuer(issuer)
        .audience(resource.toString())
        .jwksUri(jwksUri())
        .clock(clock)
        .build();
  }

  /** A resolver for {@link #resource()}. */
  public JwtAccessTokenResolver jwtResolver() {
    return jwtResolver(resource);
  }

  /**
   * A gate builder with {@code resource}, this issuer as its authorization server and {@link
   * #jwtResolver(URI)}; add scopes, policies or more resolvers, then build.
   */
  public Tollgate.Builder tollgate(URI resource) {
    return Tollgate.builder()
        .resource(resource)
        .authorizationServer(issuer())
        .resolver(jwtResolver(resource));
  }

  /** {@link #tollgate(URI)} for {@link #resource()}. */
  public Tollgate.Builder tollgate() {
    return tollgate(resource);
  }

  Clock clock() {
    return clock;
  }

  String issuerString() {
    return issuer;
  }

  /** Stops the server; tokens already minted stay valid for resolvers that cached the keys. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LocalIssuer[" + issuer + "]";
  }

  /** Configures a {@link LocalIssuer}. */
  public static final class Builder {
    private URI resource = DEFAULT_RESOURCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The resource its tokens name in {@code aud} by default; an absolute URL. */
    public Builder resource(URI resource) {
      Objects.requireNonNull(resource, "resource == null");
      if (!resource.isAbsolute() || resource.getHost() == null) {
        throw new IllegalArgumentException("resource must be an absolute URL, was " + resource);
      }
      this.resource = resource;
      return this;
    }

    /** The clock for {@code iat} and {@code exp} and for its resolvers; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Generates the keys and starts listening on a free loopback port. */
    public LocalIssuer start() {
      return new LocalIssuer(this);
    }
  }

  static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
