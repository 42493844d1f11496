package dev.tollgate.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP dependency of a resolver: its URL, the client that reaches it, the deadline of one
 * exchange and the cap on a response body, fixed when the resolver is built. Not API.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

  private final URI uri;
  private final HttpClient client;
  private final boolean ownsClient;
  private final Duration requestTimeout;
  private final int maxResponseBytes;

  private HttpEndpoint(
      URI uri,
      HttpClient client,
      boolean ownsClient,
      Duration requestTimeout,
      int maxResponseBytes) {
    this.uri = uri;
    this.client = client;
    this.ownsClient = ownsClient;
    this.requestTimeout = requestTimeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** The endpoint's URL. */
  public URI uri() {
    return uri;
  }

  /** A request to the endpoint that carries the exchange deadline and asks for JSON. */
  public HttpRequest.Builder newRequest() {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
  }

  /** Sends {@code request} through {@link BoundedHttp#send}, with this endpoint's limits. */
  public HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    return BoundedHttp.send(client, request, requestTimeout, maxResponseBytes);
  }

  /**
   * Closes the HTTP client when it was built here rather than injected, on Java 21 and later where
   * an {@link HttpClient} is {@link AutoCloseable} (its selector thread); on Java 17 there is
   * nothing to close. Failures are logged.
   */
  @Override
  public void close() {
    if (ownsClient) {
      Closeables.closeAll(List.of(client), log);
    }
  }

  @Override
  public String toString() {
    return uri.toString();
  }

  /**
   * The endpoint settings of a resolver's builder, validated as they are set; the builder's public
   * methods delegate here so every HTTP-backed resolver checks them with the same messages.
   */
  public static final class Settings {
    private final SetOnce once = new SetOnce();
    private @Nullable URI uri;
    private @Nullable HttpClient httpClient;
    private boolean connectTimeoutSet;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private int maxResponseBytes;

    /** Settings with the resolver's defaults for both timeouts and the body cap. */
    public Settings(Duration defaultTimeout, int defaultMaxResponseBytes) {
      this.connectTimeout = defaultTimeout;
      this.requestTimeout = defaultTimeout;
      this.maxResponseBytes = defaultMaxResponseBytes;
    }

    /** The endpoint URL, setting {@code endpoint}: only {@code http} and {@code https}. */
    public void endpoint(URI endpoint) {
      once.set("endpoint", endpoint);
      Objects.requireNonNull(endpoint, "endpoint == null");
      String scheme = endpoint.getScheme();
      if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("endpoint must be an http(s) URL, was " + endpoint);
      }
      this.uri = endpoint;
    }

    /** An injected client, which brings its own connect timeout. */
    public void httpClient(HttpClient httpClient) {
      once.set("httpClient", httpClient);
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
    }

    /** The connect timeout of the default client. */
    public void connectTimeout(Duration timeout) {
      once.set("connectTimeout", timeout);
      this.connectTimeout = requirePositive(timeout, "connectTimeout");
      this.connectTimeoutSet = true;
    }

    /** The deadline of one whole exchange. */
    public void requestTimeout(Duration timeout) {
      once.set("requestTimeout", timeout);
      this.requestTimeout = requirePositive(timeout, "requestTimeout");
    }

    /** The largest response body accepted. */
    public void maxResponseBytes(int maxResponseBytes) {
      once.set("maxResponseBytes", maxResponseBytes);
      if (maxResponseBytes < 1) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be positive, was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Checks that the endpoint was set; builders call this first, so a missing endpoint is the
     * first thing reported.
     */
    public void requireEndpoint() {
      if (uri == null) {
        throw new IllegalStateException("endpoint is required");
      }
    }

    /**
     * The endpoint these settings describe; builders call this after their own checks.
     *
     * @throws IllegalStateException when the endpoint is missing, or a connect timeout was set
     *     together with an injected client (it would silently not apply)
     */
    public HttpEndpoint build() {
      requireEndpoint();
      if (httpClient != null && connectTimeoutSet) {
        throw new IllegalStateException(
            "connectTimeout applies only to the default HTTP client, but httpClient was set");
      }
      HttpClient client =
          httpClient != null ? httpClient : BoundedHttp.defaultClient(connectTimeout);
      return new HttpEndpoint(
          Objects.requireNonNull(uri),
          client,
          httpClient == null,
          requestTimeout,
          maxResponseBytes);
    }

    private static Duration requirePositive(Duration duration, String name) {
      Objects.requireNonNull(duration, name + " == null");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + duration);
      }
      return duration;
    }
  }
}
