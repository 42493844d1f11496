package dev.tollgate.bearer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Admission;
import dev.tollgate.Decision;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The one place that turns an outcome into status, {@code WWW-Authenticate} and body: the error
 * table of the design, per RFC 6750 §3 and the MCP authorization spec.
 *
 * <table>
 *   <caption>Outcomes</caption>
 *   <tr><th>situation</th><th>status</th><th>challenge</th></tr>
 *   <tr><td>no credential</td><td>401</td><td>{@code resource_metadata}, {@code scope}; no {@code error}</td></tr>
 *   <tr><td>malformed request</td><td>400</td><td>{@code error="invalid_request"}</td></tr>
 *   <tr><td>path or MCP message that rules cannot be checked against</td><td>400 (413 too large)</td><td>none; body {@code invalid_request}</td></tr>
 *   <tr><td>bad credential</td><td>401</td><td>{@code error="invalid_token"}</td></tr>
 *   <tr><td>missing scope</td><td>403</td><td>{@code error="insufficient_scope"}, {@code scope}</td></tr>
 *   <tr><td>not entitled</td><td>403</td><td>none; body {@code entitlement_required}</td></tr>
 *   <tr><td>client not allowed on this resource</td><td>403</td><td>none; body {@code client_not_allowed}</td></tr>
 *   <tr><td>dependency down</td><td>503</td><td>none; {@code Retry-After}</td></tr>
 *   <tr><td>too many failures from the address</td><td>429</td><td>none; {@code Retry-After}</td></tr>
 *   <tr><td>account over its request or concurrency limit</td><td>429</td><td>none; {@code Retry-After}, {@code RateLimit}, {@code RateLimit-Policy}</td></tr>
 *   <tr><td>an account endpoint's own error ({@link AccountError})</td><td>400, 404, 405, 409, 500</td><td>none ({@code Allow} with a 405)</td></tr>
 *   <tr><td>a store behind the account endpoints is down</td><td>503</td><td>none; {@code Retry-After}</td></tr>
 * </table>
 *
 * <p>Every challenge carries {@code resource_metadata} (RFC 9728 §5.1) so MCP clients can discover
 * the authorization server. All values are checked against RFC 6750's character set; scopes that do
 * not fit are left out rather than escaped.
 */
public final class Challenges {
  /** The error code used in the body when a request carried no credential at all. */
  public static final String MISSING_CREDENTIAL = "missing_credential";

  /** The error code of an entitlement refusal (403 without a challenge). */
  public static final String ENTITLEMENT_REQUIRED = "entitlement_required";

  /** The error code of a refusal of the token's client (403 without a challenge). */
  public static final String CLIENT_NOT_ALLOWED = "client_not_allowed";

  /** The error code of a 503 body. */
  public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

  /** The error code of a 429 body. */
  public static final String TOO_MANY_REQUESTS = "too_many_requests";

  /**
   * Distinct (error, scope set) pairs whose challenges are kept. A deployment refuses with a few
   * fixed descriptions over a few configured scope sets, so a small table covers them; past it each
   * refusal simply builds its own.
   */
  static final int MAX_MEMOIZED_CHALLENGES = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  // The bodies that take no input, written once.
  private static final String MISSING_CREDENTIAL_BODY =
      body(
          MISSING_CREDENTIAL,
          "This endpoint needs an OAuth access token or API key as a Bearer credential",
          null);
  private static final String UNAVAILABLE_BODY =
      body(
          TEMPORARILY_UNAVAILABLE,
          "Authorization cannot be checked right now; retry after the time in Retry-After",
          null);
  private static final String ACCOUNT_UNAVAILABLE_BODY =
      body(
          TEMPORARILY_UNAVAILABLE,
          "The account service cannot answer right now; retry after the time in Retry-After",
          null);
  private static final String TOO_MANY_FAILURES_BODY =
      body(
          TOO_MANY_REQUESTS,
          "Too many failed authorization attempts; retry after the time in Retry-After",
          null);
  private static final String CONCURRENCY_LIMIT_BODY =
      body(
          TOO_MANY_REQUESTS,
          "Too many calls in flight for this account; retry after the time in Retry-After",
          null);
  private static final String REQUEST_LIMIT_BODY =
      body(
          TOO_MANY_REQUESTS,
          "The account's request limit is reached; retry after the time in Retry-After",
          null);

  private final String resourceMetadataUrl;
  private final Map<ChallengeKey, Decision.Challenge> challenges = new ConcurrentHashMap<>();

  /** What a missing-credential ({@code error} null) or error challenge is made of. */
  private record ChallengeKey(@Nullable BearerError error, Set<String> scopes) {}

  private Challenges(String resourceMetadataUrl) {
    this.resourceMetadataUrl = resourceMetadataUrl;
  }

  /** Challenges pointing clients at the metadata document at {@code resourceMetadataUrl}. */
  public static Challenges pointingTo(URI resourceMetadataUrl) {
    String url =
        Objects.requireNonNull(resourceMetadataUrl, "resourceMetadataUrl == null").toString();
    if (!BearerError.isErrorValue(url)) {
      throw new IllegalArgumentException(
          "resource metadata URL has characters a challenge cannot carry");
    }
    return new Challenges(url);
  }

  /** 401 without {@code error}: the request carried no Bearer credential (RFC 6750 §3.1). */
  public Decision.Challenge missingCredential(Collection<String> requiredScopes) {
    return challenge(null, requiredScopes);
  }

  /** A 400, 401 or 403 with {@code error}; the 403 lists every scope the operation needs. */
  public Decision.Challenge error(BearerError error, Collection<String> requiredScopes) {
    return challenge(Objects.requireNonNull(error, "error == null"), requiredScopes);
  }

  /**
   * The challenge for {@code error} (none: a missing credential) and {@code requiredScopes}: the
   * one already built for equal inputs, so a refusal with a configured scope set and a fixed
   * description builds no string. Kept by content, never by identity: the scopes are looked up as
   * an immutable copy, which a configured set already is (then no copy is made), so a collection
   * changed after a call is answered for what it holds then.
   */
  private Decision.Challenge challenge(
      @Nullable BearerError error, Collection<String> requiredScopes) {
    ChallengeKey key = new ChallengeKey(error, Set.copyOf(requiredScopes));
    Decision.Challenge known = challenges.get(key);
    if (known != null) {
      return known;
    }
    Decision.Challenge built = build(error, key.scopes());
    if (challenges.size() < MAX_MEMOIZED_CHALLENGES) {
      Decision.Challenge raced = challenges.putIfAbsent(key, built);
      return raced != null ? raced : built;
    }
    return built;
  }

  private Decision.Challenge build(@Nullable BearerError error, Collection<String> requiredScopes) {
    String header = header(error, requiredScopes);
    if (error == null) {
      return new Decision.Challenge(401, header, MISSING_CREDENTIAL, MISSING_CREDENTIAL_BODY);
    }
    return new Decision.Challenge(
        error.status(), header, error.code(), body(error.code(), error.description(), null));
  }

  /**
   * 403 without {@code WWW-Authenticate}: the account may not use the server. No challenge, so that
   * clients do not start a re-authorization loop that cannot help.
   */
  public Decision.Challenge entitlementRequired(String description, @Nullable URI upgradeUri) {
    return new Decision.Challenge(
        403, null, ENTITLEMENT_REQUIRED, body(ENTITLEMENT_REQUIRED, description, upgradeUri));
  }

  /**
   * 403 without {@code WWW-Authenticate}: the token is valid for this resource, but its client may
   * not use it (e.g. only the account page's client may use the account endpoints). Not {@code
   * invalid_token}, which would send the client for another token just like it, nor {@code
   * insufficient_scope}, as no scope would help: like {@link #entitlementRequired}, no challenge,
   * so no re-authorization loop.
   *
   * @param description a fixed phrase within RFC 6750's character set
   */
  public Decision.Challenge clientNotAllowed(String description) {
    if (!BearerError.isErrorValue(description)) {
      throw new IllegalArgumentException("description has characters outside RFC 6750's set");
    }
    return new Decision.Challenge(
        403, null, CLIENT_NOT_ALLOWED, body(CLIENT_NOT_ALLOWED, description, null));
  }

  /**
   * 400 (or 413 for a body over the size limit) {@code invalid_request} without {@code
   * WWW-Authenticate}: the request cannot be checked against the rules, because its MCP message
   * cannot be attributed to one method and tool or its path is not in normal form. No challenge,
   * because no other credential would help.
   *
   * @param status 400 or 413
   * @param description a fixed phrase within RFC 6750's character set
   */
  public Decision.Challenge invalidMessage(int status, String description) {
    if (status != 400 && status != 413) {
      throw new IllegalArgumentException("status must be 400 or 413, was " + status);
    }
    if (!BearerError.isErrorValue(description)) {
      throw new IllegalArgumentException("description has characters outside RFC 6750's set");
    }
    return new Decision.Challenge(
        status,
        null,
        BearerError.INVALID_REQUEST,
        body(BearerError.INVALID_REQUEST, description, null));
  }

  /** 503 with {@code Retry-After}: a dependency is down and the gate fails closed. */
  public Decision.Unavailable unavailable(String dependency, Duration retryAfter) {
    return new Decision.Unavailable(retryAfter, dependency, UNAVAILABLE_BODY);
  }

  /**
   * 503 with {@code Retry-After}: a store the account endpoints act on is down. The same body as
   * {@link #unavailable}, with a description that speaks of the account service rather than of
   * authorization, which did pass.
   */
  public Decision.Unavailable accountUnavailable(String dependency, Duration retryAfter) {
    return new Decision.Unavailable(retryAfter, dependency, ACCOUNT_UNAVAILABLE_BODY);
  }

  /**
   * An account endpoint's own error, without {@code WWW-Authenticate}: neither the credential nor
   * its scopes are at fault, so no other token would help. The adapter adds {@code Allow} to a
   * {@link AccountError#METHOD_NOT_ALLOWED}.
   */
  public Decision.Challenge accountError(AccountError error) {
    Objects.requireNonNull(error, "error == null");
    return new Decision.Challenge(
        error.status(), null, error.code(), body(error.code(), error.description(), null));
  }

  /**
   * 429 with {@code Retry-After} (RFC 6585 §4): too many failed attempts from the client's address.
   * No challenge and one fixed body, so the answer says nothing about the credential sent.
   */
  public Decision.RateLimited rateLimited(Duration retryAfter) {
    return new Decision.RateLimited(retryAfter, TOO_MANY_FAILURES_BODY);
  }

  /**
   * 429 with {@code Retry-After} and the {@code RateLimit} fields: the account is over its request
   * or concurrency limit (draft-ietf-httpapi-ratelimit-headers).
   */
  public Decision.RateLimited limited(Admission.Limited limited) {
    return new Decision.RateLimited(
        limited.retryAfter(),
        Admission.Limited.CONCURRENCY_LIMIT.equals(limited.reason())
            ? CONCURRENCY_LIMIT_BODY
            : REQUEST_LIMIT_BODY,
        limited.reason(),
        limited.headers());
  }

  private String header(@Nullable BearerError error, Collection<String> requiredScopes) {
    StringBuilder header = new StringBuilder("Bearer ");
    if (error != null) {
      header.append("error=\"").append(error.code()).append("\", ");
      header.append("error_description=\"").append(error.description()).append("\", ");
    }
    String scope = scopeValue(requiredScopes);
    if (!scope.isEmpty()) {
      header.append("scope=\"").append(scope).append("\", ");
    }
    header.append("resource_metadata=\"").append(resourceMetadataUrl).append('"');
    return header.toString();
  }

  private static String scopeValue(Collection<String> scopes) {
    StringBuilder value = new StringBuilder();
    for (String scope : new TreeSet<>(scopes)) {
      if (BearerError.isScopeToken(scope)) {
        if (value.length() > 0) {
          value.append(' ');
        }
        value.append(scope);
      }
    }
    return value.toString();
  }

  private static String body(String error, String description, @Nullable URI upgradeUri) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    if (upgradeUri != null) {
      body.put("upgrade_uri", upgradeUri.toString());
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }
}
