package dev.tollgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.internal.HttpEndpoint;
import dev.tollgate.internal.JsonValues;
import dev.tollgate.internal.SetOnce;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a credential by presenting it to an existing HTTP "who am I" API, the way the
 * application's own clients already do: {@code GET <endpoint>} with {@code Authorization: Bearer
 * <credential>} (RFC 6750 §2.1) and nothing else carrying it.
 *
 * <p>200 with a JSON object: the configured fields become the principal (account id required;
 * subject, plan, credits and scopes optional). 401 or 403: the API refused the credential, so it is
 * invalid. Anything else — unreachable, slow, 5xx, 429, another 4xx, a redirect, a body that is not
 * a JSON object of the configured shape, a body too large — is {@link Resolution.Unavailable}.
 *
 * <p>Principals carry no expiry; put this resolver behind a {@link
 * dev.tollgate.cache.CachingCredentialResolver} whose maximum lifetime bounds how stale an answer
 * may be.
 */
public final class UpstreamAccountResolver implements CredentialResolver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpstreamAccountResolver.class);

  /** Attribute holding the plan name, when {@link Builder#planField(String)} is configured. */
  public static final String PLAN_ATTRIBUTE = "plan";

  /** Attribute holding the credit balance (a {@link Number}), when configured. */
  public static final String CREDITS_ATTRIBUTE = "credits";

  /** Default connect and request timeout: the API sits on every uncached request's path. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Default response cap: an account summary is small; 64 KiB is generous. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  static final String DEPENDENCY = "account-api";

  private final HttpEndpoint endpoint;
  private final AccountResponse mapping;
  private final AtomicBoolean shapeWarningLogged = new AtomicBoolean();

  private UpstreamAccountResolver(Builder builder, HttpEndpoint endpoint, FieldPath accountId) {
    this.endpoint = endpoint;
    this.mapping =
        new AccountResponse(
            accountId,
            builder.subject,
            builder.plan,
            builder.credits,
            builder.scopes,
            builder.kind);
  }

  /** Starts a resolver; endpoint and account id field are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    HttpRequest request;
    try {
      request =
          endpoint
              .newRequest()
              .header("Authorization", "Bearer " + credential.value())
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      // Not sendable as a header value, so not a credential the API could ever have issued.
      return Resolution.invalid("The credential is not recognised");
    }
    HttpResponse<byte[]> response;
    try {
      response = endpoint.send(request);
    } catch (IOException e) {
      log.debug("Account API {} failed: {}", endpoint, e.toString());
      return Resolution.unavailable(DEPENDENCY);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      return Resolution.invalid("The credential was refused by the account service");
    }
    if (status != 200) {
      log.debug("Account API {} answered HTTP {}", endpoint, status);
      return Resolution.unavailable(DEPENDENCY);
    }
    JsonNode body = JsonValues.parseObject(response.body());
    TollgatePrincipal principal = body != null ? mapping.map(body) : null;
    if (principal == null) {
      if (shapeWarningLogged.compareAndSet(false, true)) {
        log.warn(
            "Account API {} answered 200 without the configured fields; answering 503."
                + " Check the field settings against the API's response",
            endpoint);
      }
      return Resolution.unavailable(DEPENDENCY);
    }
    return Resolution.resolved(principal);
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
    return "UpstreamAccountResolver[" + endpoint + "]";
  }

  /**
   * Builds an {@link UpstreamAccountResolver}. Field settings are JSON Pointers (RFC 6901) when
   * they start with {@code /} (e.g. {@code /account/id}), otherwise top-level member names.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private final HttpEndpoint.Settings http =
        new HttpEndpoint.Settings(DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
    private @Nullable FieldPath accountId;
    private @Nullable FieldPath subject;
    private @Nullable FieldPath plan;
    private @Nullable FieldPath credits;
    private @Nullable FieldPath scopes;
    private CredentialKind kind = CredentialKind.ACCESS_TOKEN;

    private Builder() {}

    /** Required. The "who am I" URL; {@code https} outside of tests. */
    public Builder endpoint(URI endpoint) {
      http.endpoint(endpoint);
      return this;
    }

    /** Required. The account id: a non-empty string or an integer. */
    public Builder accountIdField(String field) {
      once.set("accountIdField", field);
      this.accountId = FieldPath.parse(field, "accountIdField");
      return this;
    }

    /** The subject (user id); default: the account id. */
    public Builder subjectField(String field) {
      once.set("subjectField", field);
      this.subject = FieldPath.parse(field, "subjectField");
      return this;
    }

    /**
     * The plan name, a string, kept as attribute {@value UpstreamAccountResolver#PLAN_ATTRIBUTE}.
     */
    public Builder planField(String field) {
      once.set("planField", field);
      this.plan = FieldPath.parse(field, "planField");
      return this;
    }

    /**
     * The credit balance, a number, kept as attribute {@value
     * UpstreamAccountResolver#CREDITS_ATTRIBUTE}.
     */
    public Builder creditsField(String field) {
      once.set("creditsField", field);
      this.credits = FieldPath.parse(field, "creditsField");
      return this;
    }

    /** Granted scopes: an array of strings or one space-delimited string. */
    public Builder scopesField(String field) {
      once.set("scopesField", field);
      this.scopes = FieldPath.parse(field, "scopesField");
      return this;
    }

    /** The kind recorded on principals; default {@link CredentialKind#ACCESS_TOKEN}. */
    public Builder kind(CredentialKind kind) {
      once.set("kind", kind);
      this.kind = Objects.requireNonNull(kind, "kind == null");
      return this;
    }

    /**
     * The HTTP client to use; default a client with {@link #connectTimeout(Duration)} that never
     * follows redirects (a redirect could carry the credential elsewhere).
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

    /** Deadline for one whole exchange; default 2 seconds. */
    public Builder requestTimeout(Duration timeout) {
      http.requestTimeout(timeout);
      return this;
    }

    /** Largest response body accepted; default 64 KiB. */
    public Builder maxResponseBytes(int maxResponseBytes) {
      http.maxResponseBytes(maxResponseBytes);
      return this;
    }

    public UpstreamAccountResolver build() {
      http.requireEndpoint();
      if (accountId == null) {
        throw new IllegalStateException("accountIdField is required");
      }
      return new UpstreamAccountResolver(this, http.build(), accountId);
    }
  }
}
