package dev.tollgate.account.connections;

import dev.tollgate.internal.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link GrantRevoker} that sends one HTTP {@code DELETE} to the authorization server's grant (or
 * consent) API, built by {@link GrantRevoker#httpDelete(String)}. Any 2xx confirms the revocation;
 * anything else, a timeout or a connection failure is an {@link IOException} naming the status
 * only. The credential sent, if any, is never logged nor put in a message.
 */
public final class HttpDeleteGrantRevoker implements GrantRevoker {
  /** The answer's body is not read for meaning; a grant API's reply is a few hundred bytes. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final String template;
  private final HttpClient http;
  private final Duration timeout;
  private final @Nullable Supplier<String> bearerToken;

  private HttpDeleteGrantRevoker(Builder builder) {
    this.template = builder.template;
    this.timeout = builder.timeout;
    this.http = builder.http != null ? builder.http : BoundedHttp.defaultClient(builder.timeout);
    this.bearerToken = builder.bearerToken;
  }

  static Builder builder(String uriTemplate) {
    return new Builder(uriTemplate);
  }

  @Override
  public void revoke(Disconnection disconnection) throws IOException {
    Objects.requireNonNull(disconnection, "disconnection == null");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(disconnection)).timeout(timeout).DELETE();
    if (bearerToken != null) {
      String token = Objects.requireNonNull(bearerToken.get(), "bearer token supplier gave null");
      request.header("Authorization", "Bearer " + token);
    }
    // The whole exchange within the timeout, body included: a server that trickles its answer
    // must not hold the person's request.
    HttpResponse<byte[]> response =
        BoundedHttp.send(http, request.build(), timeout, MAX_BODY_BYTES);
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new IOException(
          "the authorization server answered " + status + " to the grant revocation");
    }
  }

  /** The URL for {@code disconnection}: each value replaces its placeholder as one path segment. */
  URI uri(Disconnection disconnection) {
    return URI.create(
        template
            .replace("{account}", segment(disconnection.accountId()))
            .replace("{subject}", segment(disconnection.subject()))
            .replace("{client}", segment(disconnection.clientId())));
  }

  /** RFC 3986 §3.3 segment: unreserved characters as they are, every other byte percent-encoded. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "GrantRevoker.httpDelete[" + template + "]";
  }

  /** Configures an {@link HttpDeleteGrantRevoker}; each setting may be given once. */
  public static final class Builder {
    /** Long enough for a remote API, short enough that the person is not left waiting. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String template;
    private @Nullable HttpClient http;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean timeoutSet;
    private @Nullable Supplier<String> bearerToken;

    private Builder(String uriTemplate) {
      Objects.requireNonNull(uriTemplate, "uriTemplate == null");
      if (!uriTemplate.contains("{client}")) {
        throw new IllegalArgumentException("uriTemplate must contain {client}, was " + uriTemplate);
      }
      URI sample =
          URI.create(
              uriTemplate
                  .replace("{account}", "a")
                  .replace("{subject}", "s")
                  .replace("{client}", "c"));
      String scheme = sample.getScheme();
      if (!sample.isAbsolute()
          || sample.getHost() == null
          || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new IllegalArgumentException(
            "uriTemplate must be an absolute http(s) URL, was " + uriTemplate);
      }
      this.template = uriTemplate;
    }

    /**
     * The token sent as {@code Authorization: Bearer}, asked for on each call (e.g. an admin token
     * obtained with client credentials, refreshed by the supplier).
     */
    public Builder bearerToken(Supplier<String> bearerToken) {
      Objects.requireNonNull(bearerToken, "bearerToken == null");
      if (this.bearerToken != null) {
        throw new IllegalStateException("bearerToken was already set");
      }
      this.bearerToken = bearerToken;
      return this;
    }

    /** The connect and request timeout; default 5 s. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeoutSet) {
        throw new IllegalStateException("timeout was already set to " + this.timeout);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      this.timeoutSet = true;
      return this;
    }

    /** The HTTP client (default: a new one that follows no redirects). */
    public Builder httpClient(HttpClient http) {
      Objects.requireNonNull(http, "http == null");
      if (this.http != null) {
        throw new IllegalStateException("httpClient was already set");
      }
      this.http = http;
      return this;
    }

    public HttpDeleteGrantRevoker build() {
      return new HttpDeleteGrantRevoker(this);
    }
  }
}
