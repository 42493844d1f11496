package dev.tollgate.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.internal.HttpEndpoint;
import dev.tollgate.internal.JsonValues;
import dev.tollgate.internal.SetOnce;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves opaque access tokens by asking the authorization server's introspection endpoint (RFC
 * 7662).
 *
 * <p>A token is accepted only when the response says {@code "active": true}, its {@code exp} (if
 * any) is still ahead, and its {@code aud} names this resource (RFC 8707). Every failure of the
 * endpoint itself — unreachable, slow, 5xx, 429, a body that is not a JSON object, a body too
 * large, or a 401/403 refusing <em>our</em> client credentials — is {@link Resolution.Unavailable}:
 * the user's token is never blamed for the server's trouble.
 *
 * <p>This resolver claims every credential it is given; put it behind {@link
 * dev.tollgate.CredentialRouter} so JWTs and API keys never reach it, and behind a cache so each
 * token is introspected once per lifetime.
 */
public final class TokenIntrospectionResolver implements CredentialResolver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenIntrospectionResolver.class);

  /**
   * Default connect and request timeout: long enough for a healthy server, short enough to fail
   * fast.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Default response cap: introspection responses are a few hundred bytes; 64 KiB is generous. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  // Retry-After hints from the endpoint are honoured up to this bound, so a bad hint cannot park
  // clients for hours.
  private static final long MAX_RETRY_AFTER_SECONDS = 300;

  private final HttpEndpoint endpoint;
  // Both worked out once: the Basic credentials (RFC 6749 §2.3.1) or, null, none ...
  private final @Nullable String authorization;
  // ... and what follows the token in every form: the hint and the credentials sent in the body.
  private final String formAfterToken;
  private final Clock clock;
  private final IntrospectionResponse interpreter;
  private final AtomicBoolean credentialsWarningLogged = new AtomicBoolean();

  private TokenIntrospectionResolver(Builder builder, HttpEndpoint endpoint, String audience) {
    this.endpoint = endpoint;
    String clientId = Objects.requireNonNull(builder.clientId);
    String clientSecret = Objects.requireNonNull(builder.clientSecret);
    StringBuilder form = new StringBuilder();
    if (builder.sendTokenTypeHint) {
      form.append("&token_type_hint=access_token");
    }
    if (builder.clientAuthentication == ClientAuthentication.CLIENT_SECRET_BASIC) {
      // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
      String pair = encode(clientId) + ":" + encode(clientSecret);
      this.authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    } else {
      this.authorization = null;
      form.append("&client_id=").append(encode(clientId));
      form.append("&client_secret=").append(encode(clientSecret));
    }
    this.formAfterToken = form.toString();
    this.clock = builder.clock;
    this.interpreter = new IntrospectionResponse(audience, builder.issuer, builder.accountIdClaim);
  }

  /** Starts a resolver; endpoint, client credentials and audience are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    HttpResponse<byte[]> response;
    try {
      response = endpoint.send(request(credential));
    } catch (IOException e) {
      // The exception names only the endpoint's trouble; the token is in the body, never in it.
      log.debug("Introspection endpoint {} failed: {}", endpoint, e.toString());
      return Resolution.unavailable(IntrospectionResponse.DEPENDENCY);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      if (credentialsWarningLogged.compareAndSet(false, true)) {
        log.warn(
            "Introspection endpoint {} refused this resource server's client credentials"
                + " (HTTP {}); every opaque token is answered with 503 until they are fixed",
            endpoint,
            status);
      }
      return Resolution.unavailable(IntrospectionResponse.DEPENDENCY);
    }
    if (status == 429 || status == 503) {
      Duration hint = retryAfter(response);
      return hint != null
          ? Resolution.unavailable(IntrospectionResponse.DEPENDENCY, hint)
          : Resolution.unavailable(IntrospectionResponse.DEPENDENCY);
    }
    if (status != 200) {
      log.debug("Introspection endpoint {} answered HTTP {}", endpoint, status);
      return Resolution.unavailable(IntrospectionResponse.DEPENDENCY);
    }
    JsonNode body = JsonValues.parseObject(response.body());
    if (body == null) {
      log.debug(
          "Introspection endpoint {} answered with something other than a JSON object", endpoint);
      return Resolution.unavailable(IntrospectionResponse.DEPENDENCY);
    }
    return interpreter.interpret(body, clock.instant());
  }

  private HttpRequest request(Credential credential) {
    String form = "token=" + encode(credential.value()) + formAfterToken;
    HttpRequest.Builder request =
        endpoint.newRequest().header("Content-Type", "application/x-www-form-urlencoded");
    String basic = authorization;
    if (basic != null) {
      request.header("Authorization", basic);
    }
    return request.POST(HttpRequest.BodyPublishers.ofString(form)).build();
  }

  private static @Nullable Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse("").trim();
    if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long seconds = Math.min(Long.parseLong(value), MAX_RETRY_AFTER_SECONDS);
    return seconds > 0 ? Duration.ofSeconds(seconds) : null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Closes the HTTP client this resolver built (Java 21 and later; nothing to close on 17); an
   * {@link Builder#httpClient injected} client is left to its owner.
   */
  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "TokenIntrospectionResolver[" + endpoint + "]";
  }

  /**
   * Builds a {@link TokenIntrospectionResolver}; validates everything once, in {@link #build()}.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private final HttpEndpoint.Settings http =
        new HttpEndpoint.Settings(DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
    private @Nullable String audience;
    private @Nullable String issuer;
    private Clock clock = Clock.systemUTC();
    private String accountIdClaim = "sub";
    private boolean sendTokenTypeHint = true;

    private Builder() {}

    /** Required. The introspection endpoint (RFC 7662 §2); {@code https} outside of tests. */
    public Builder endpoint(URI endpoint) {
      http.endpoint(endpoint);
      return this;
    }

    /** Required. This resource server's client credentials at the authorization server. */
    public Builder clientCredentials(String clientId, String clientSecret) {
      once.set("clientCredentials", clientId);
      Objects.requireNonNull(clientId, "clientId == null");
      Objects.requireNonNull(clientSecret, "clientSecret == null");
      if (clientId.isEmpty()) {
        throw new IllegalArgumentException("clientId is empty");
      }
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * How the client credentials are sent; default {@link
     * ClientAuthentication#CLIENT_SECRET_BASIC}.
     */
    public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
      once.set("clientAuthentication", clientAuthentication);
      this.clientAuthentication =
          Objects.requireNonNull(clientAuthentication, "clientAuthentication == null");
      return this;
    }

    /** Required. The resource identifier that {@code aud} must name (RFC 8707 §2). */
    public Builder audience(String audience) {
      once.set("audience", audience);
      Objects.requireNonNull(audience, "audience == null");
      if (audience.isEmpty()) {
        throw new IllegalArgumentException("audience is empty");
      }
      this.audience = audience;
      return this;
    }

    /** The exact {@code iss} value expected in responses; default: not checked. */
    public Builder issuer(String issuer) {
      once.set("issuer", issuer);
      this.issuer = Objects.requireNonNull(issuer, "issuer == null");
      return this;
    }

    /** Clock for the {@code exp} and {@code nbf} checks; default system UTC. */
    public Builder clock(Clock clock) {
      once.set("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Response member naming the account; default {@code sub}. */
    public Builder accountIdClaim(String claim) {
      once.set("accountIdClaim", claim);
      Objects.requireNonNull(claim, "claim == null");
      if (claim.isEmpty()) {
        throw new IllegalArgumentException("accountIdClaim is empty");
      }
      this.accountIdClaim = claim;
      return this;
    }

    /** Whether to send {@code token_type_hint=access_token} (RFC 7662 §2.1); default true. */
    public Builder tokenTypeHint(boolean send) {
      once.set("tokenTypeHint", send);
      this.sendTokenTypeHint = send;
      return this;
    }

    /**
     * The HTTP client to use; default a client with {@link #connectTimeout(Duration)} that never
     * follows redirects. An injected client brings its own connect timeout.
     */
    public Builder httpClient(HttpClient httpClient) {
      http.httpClient(httpClient);
      return this;
    }

    /** Connect timeout of the default HTTP client; default 2 seconds. */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /** Deadline for one whole introspection exchange; default 2 seconds. */
    public Builder requestTimeout(Duration timeout) {
      http.requestTimeout(timeout);
      return this;
    }

    /** Largest response body accepted; default 64 KiB. */
    public Builder maxResponseBytes(int maxResponseBytes) {
      http.maxResponseBytes(maxResponseBytes);
      return this;
    }

    public TokenIntrospectionResolver build() {
      http.requireEndpoint();
      if (clientId == null) {
        throw new IllegalStateException("clientCredentials are required");
      }
      if (audience == null) {
        throw new IllegalStateException("audience is required (the resource identifier, RFC 8707)");
      }
      return new TokenIntrospectionResolver(this, http.build(), audience);
    }
  }
}
