package dev.tollgate.testing.check;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks a running MCP endpoint's authorization from outside, as an MCP client would see it: the
 * 401 challenge (RFC 6750 §3, RFC 9728 §5.1), the protected resource metadata (RFC 9728), the
 * authorization server's metadata (RFC 8414), CORS, malformed and misplaced tokens, spoofed host
 * headers, and, given credentials, that valid tokens pass and tokens for other audiences do not.
 *
 * <pre>{@code
 * TollgateCheck.against(URI.create("http://localhost:8080/mcp"))
 *     .token(validToken)
 *     .otherAudienceToken(tokenForAnotherResource)
 *     .run()
 *     .assertAllPassed();
 * }</pre>
 *
 * <p>Every request is bounded by {@link #timeout(Duration)} (default {@link #DEFAULT_TIMEOUT}); a
 * run never follows redirects and never sends a credential anywhere but the endpoint and the
 * advertised token endpoint. Credentials never appear in the report. To prove that a token in the
 * query string is refused, the given {@link #token(String)} is sent once as {@code ?access_token=},
 * where server access logs may record it: give a short-lived token.
 */
public final class TollgateCheck {
  /** Ten seconds per request: generous for a loopback or LAN server, bounded for a dead one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The {@code Origin} sent on cross-origin checks: the MCP Inspector's, the browser client a
   * development server most likely admits.
   */
  public static final String DEFAULT_ORIGIN = "http://localhost:6274";

  private final URI endpoint;
  private @Nullable String token;
  private @Nullable String clientId;
  private @Nullable String clientSecret;
  private @Nullable String otherAudienceToken;
  private String origin = DEFAULT_ORIGIN;
  private Duration timeout = DEFAULT_TIMEOUT;

  private TollgateCheck(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * A check of the MCP endpoint at {@code endpoint}, its canonical URL (the resource identifier).
   */
  public static TollgateCheck against(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    String scheme = endpoint.getScheme();
    if (!endpoint.isAbsolute()
        || endpoint.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw new IllegalArgumentException(
          "endpoint must be an absolute http or https URL, was " + endpoint);
    }
    if (endpoint.getRawFragment() != null) {
      throw new IllegalArgumentException("endpoint must not have a fragment (RFC 8707 §2)");
    }
    return new TollgateCheck(endpoint);
  }

  /** A valid access token (or API key) for the endpoint: it must be accepted. */
  public TollgateCheck token(String token) {
    this.token = requireText(token, "token");
    return this;
  }

  /** Client credentials at the advertised authorization server; the token they get must work. */
  public TollgateCheck clientCredentials(String clientId, String clientSecret) {
    this.clientId = requireText(clientId, "clientId");
    this.clientSecret = requireText(clientSecret, "clientSecret");
    return this;
  }

  /** A token valid in every way except its audience names another resource: it must be refused. */
  public TollgateCheck otherAudienceToken(String token) {
    this.otherAudienceToken = requireText(token, "otherAudienceToken");
    return this;
  }

  /** The {@code Origin} sent on cross-origin checks; default {@link #DEFAULT_ORIGIN}. */
  public TollgateCheck origin(String origin) {
    this.origin = requireText(origin, "origin");
    return this;
  }

  /** Connect and response timeout of each request; default {@link #DEFAULT_TIMEOUT}. */
  public TollgateCheck timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "timeout must be positive and at most 5 minutes, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** Runs every check that the given options allow, in order, and reports. */
  public CheckReport run() {
    Session session =
        new Session(
            endpoint,
            new Probe(timeout),
            origin,
            token,
            clientId,
            clientSecret,
            otherAudienceToken);
    ChallengeChecks.run(session);
    if (session.unauthenticated != null && session.unauthenticated.status() != 0) {
      MetadataChecks.run(session);
      AuthorizationServerChecks.run(session);
      RequestChecks.run(session);
      TokenChecks.run(session);
    }
    return new CheckReport(endpoint, session.results());
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
