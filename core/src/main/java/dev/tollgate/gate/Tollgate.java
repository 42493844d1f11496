package dev.tollgate.gate;

import dev.tollgate.Admission;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestLimiter;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.RevocationCheck;
import dev.tollgate.ScopePolicy;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.AuditLog;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.BearerExtraction;
import dev.tollgate.bearer.BearerTokenExtractor;
import dev.tollgate.bearer.Challenges;
import dev.tollgate.internal.Closeables;
import dev.tollgate.internal.SetOnce;
import dev.tollgate.mcp.McpCall;
import dev.tollgate.mcp.McpCallReader;
import dev.tollgate.metadata.ProtectedResourceMetadata;
import dev.tollgate.metadata.WellKnown;
import dev.tollgate.ratelimit.FailureRateLimiter;
import dev.tollgate.ratelimit.PlanRequestLimiter;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bearer gate: decides, for one request, whether to let it through, challenge it, or answer 503
 * because a dependency is down.
 *
 * <pre>{@code
 * Tollgate gate = Tollgate.builder()
 *     .resource(URI.create("https://mcp.example.com/mcp"))
 *     .authorizationServer(URI.create("https://auth.example.com"))
 *     .resolver(JwtAccessTokenResolver.builder()...build())
 *     .requiredScopes(Set.of("mcp"))
 *     .build();
 * Decision decision = gate.decide(requestView);
 * }</pre>
 *
 * <p>The steps, in order: refuse a raw path not in normal form when path rules exist ({@link
 * ScopePolicy#dependsOnPath()}), extract the credential (RFC 6750 §2.1), refuse addresses with too
 * many recent failures (429, when {@linkplain Builder#failureRateLimit configured}), resolve the
 * credential, check revocation, read the MCP message when the rules need it ({@link
 * #decide(RequestView, McpCallReader)}), check entitlement, check scopes, then the account's
 * request and concurrency limits ({@linkplain Builder#requestLimiter when configured}). Each step
 * fails closed. Every decision is reported once to any {@link DecisionListener} and to the {@value
 * AuditLog#LOGGER_NAME} logger (allows at DEBUG, the rest at INFO; see {@link AuditLog}). Instances
 * are immutable and thread-safe.
 *
 * <p>A gate owns what it was built with: {@link #close()} closes every component given to its
 * builder that is {@link AutoCloseable} (resolvers, revocation check, entitlement and scope
 * policies, limiters, decision listeners), such as the JWK sources' refresh threads of a {@link
 * dev.tollgate.jwt.JwtAccessTokenResolver}. Whoever builds a gate closes it: the servlet filter
 * closes the gate it built from configuration, never one handed to it; the Spring Boot starter's
 * gate bean is closed with its context. Components shared with something else must outlive the
 * gate.
 */
public final class Tollgate implements AutoCloseable {
  /** The default {@code Retry-After} of a 503 when the failing dependency gives none. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /** Clients give up long before an hour; an outage that long needs a different answer than 503. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(Tollgate.class);
  static final String PATH_NOT_NORMAL = "The request path is not in normal form";
  static final String HEADERS_DISAGREE =
      "The Mcp-Method or Mcp-Name header does not match the body";
  static final String MESSAGE_REFUSED = "The MCP message cannot be checked";
  static final String BODY_UNREADABLE = "The request body could not be read";

  /** The dependency named in the 503 a closed gate answers. */
  static final String CLOSED = "tollgate-closed";

  private final URI resource;
  private final ProtectedResourceMetadata metadata;
  private final String metadataJson;
  private final URI resourceMetadataUrl;
  private final BearerTokenExtractor extractor;
  private final CredentialResolver resolver;
  private final RevocationCheck revocationCheck;
  private final ScopePolicy scopePolicy;
  private final AccessPolicies policies;
  private final Challenges challenges;
  private final Duration retryAfter;
  private final DecisionPublisher publisher;
  private final @Nullable FailureRateLimiter failureRateLimiter;
  private final @Nullable RequestLimiter requestLimiter;
  private final List<AutoCloseable> components;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Tollgate(Builder builder, URI resource, CredentialResolver resolver) {
    this.resource = resource;
    ProtectedResourceMetadata.Builder metadataBuilder = ProtectedResourceMetadata.builder(resource);
    builder.authorizationServers.forEach(metadataBuilder::authorizationServer);
    metadataBuilder.scopesSupported(builder.scopesSupported);
    builder.metadataCustomizers.forEach(customizer -> customizer.accept(metadataBuilder));
    this.metadata = metadataBuilder.build();
    this.metadataJson = metadata.toJson();
    this.resourceMetadataUrl = WellKnown.metadataUrl(resource);
    this.extractor = BearerTokenExtractor.withMaxHeaderLength(builder.maxHeaderLength);
    this.resolver = resolver;
    this.revocationCheck = builder.revocationCheck;
    this.scopePolicy = builder.scopePolicy;
    this.challenges = Challenges.pointingTo(resourceMetadataUrl);
    this.retryAfter = builder.retryAfter;
    this.policies =
        new AccessPolicies(builder.entitlementPolicy, builder.scopePolicy, challenges, retryAfter);
    this.publisher = new DecisionPublisher(AuditLog.create(), builder.listeners);
    this.failureRateLimiter = builder.failureRateLimiter;
    this.requestLimiter = builder.requestLimiter;
    List<Object> parts = new ArrayList<>(builder.resolvers);
    parts.add(builder.revocationCheck);
    parts.add(builder.entitlementPolicy);
    parts.add(builder.scopePolicy);
    parts.add(builder.requestLimiter);
    parts.add(builder.failureRateLimiter);
    parts.addAll(builder.listeners);
    this.components = Closeables.distinct(parts);
  }

  /** Starts a gate; {@link Builder#resource(URI)} and at least one resolver are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides what to do with {@code request}, and reports the decision once to the audit log and
   * every {@link DecisionListener}. Never throws for anything the request contains.
   */
  public Decision decide(RequestView request) {
    Objects.requireNonNull(request, "request == null");
    return decideOnce(request, null);
  }

  /**
   * As {@link #decide(RequestView)}, for a request that carries an MCP message the rules must read
   * ({@link #needsMcpCall()}). {@code reader} is called at most once, and only once the credential
   * has been extracted, passed the failure rate limit, been resolved and found unrevoked; its call
   * then decides entitlement and scopes. So an anonymous client, a bad credential or a blocked
   * address never makes the adapter read a body. A message the reader rejects is answered 400 (413
   * when too large) without {@code WWW-Authenticate}, and does not count as a failed attempt.
   *
   * <p>When {@code request} already names a call ({@link RequestView#mcpMethod()} from the {@code
   * Mcp-Method} / {@code Mcp-Name} headers), entitlement and scopes are decided on it first and a
   * refusal is answered without reading; a request allowed on it is allowed only once the message
   * read names the same method and tool (400 otherwise).
   *
   * <p>Either way, exactly one decision is reported per call.
   */
  public Decision decide(RequestView request, McpCallReader reader) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(reader, "reader == null");
    return decideOnce(request, reader);
  }

  private Decision decideOnce(RequestView request, @Nullable McpCallReader reader) {
    DecisionTrail trail = new DecisionTrail();
    // Closed components answer nothing trustworthy (a revocation feed stopped, keys no longer
    // refreshed): fail closed rather than decide with them.
    Decision decision =
        closed.get()
            ? challenges.unavailable(CLOSED, retryAfter)
            : evaluate(request, reader, trail);
    countFailure(request, decision);
    publisher.publish(request, decision, trail);
    return decision;
  }

  /**
   * A 400 or 401 challenging a request that carried something in {@code Authorization} is a failed
   * attempt: unknown, revoked and malformed credentials all count alike. A missing credential is
   * not an attempt (every MCP client starts with one, to discover the authorization server); 403
   * and 503 are not the client guessing; nor is a refused path or MCP message, answered without a
   * challenge because no other credential would help.
   */
  private void countFailure(RequestView request, Decision decision) {
    FailureRateLimiter limiter = failureRateLimiter;
    if (limiter != null
        && decision instanceof Decision.Challenge challenge
        && challenge.wwwAuthenticate() != null
        && (challenge.status() == 400 || challenge.status() == 401)
        && !Challenges.MISSING_CREDENTIAL.equals(challenge.error())) {
      String address = request.remoteAddress();
      if (address != null) {
        limiter.recordFailure(address);
      }
    }
  }

  private Decision evaluate(
      RequestView request, @Nullable McpCallReader reader, DecisionTrail trail) {
    boolean normalPath;
    try {
      normalPath = !scopePolicy.dependsOnPath() || PathNormalForm.isNormal(request.path());
    } catch (RuntimeException e) {
      log.error("Scope policy failed unexpectedly; answering 503", e);
      return challenges.unavailable("scope-policy", retryAfter);
    }
    if (!normalPath) {
      // Refused whoever asks: a rule must never be checked against one spelling of a path while
      // the application routes another.
      return challenges.invalidMessage(400, PATH_NOT_NORMAL);
    }
    Set<String> requiredScopes = policies.requiredScopes(request);
    if (requiredScopes == null) {
      return challenges.unavailable("scope-policy", retryAfter);
    }
    // The grammar is checked below, and only for a credential no resolver knows already.
    BearerExtraction extraction = extractor.extractUnchecked(request);
    if (extraction instanceof BearerExtraction.Absent) {
      return challenges.missingCredential(requiredScopes);
    }
    // Before the credential is even parsed or resolved: a blocked guesser learns nothing and costs
    // the resolvers nothing.
    FailureRateLimiter limiter = failureRateLimiter;
    String address = limiter != null ? request.remoteAddress() : null;
    if (limiter != null && address != null) {
      Duration wait = limiter.blockedFor(address);
      if (wait != null) {
        return challenges.rateLimited(wait);
      }
    }
    if (extraction instanceof BearerExtraction.Malformed malformed) {
      return challenges.error(BearerError.invalidRequest(malformed.description()), requiredScopes);
    }
    Credential credential = ((BearerExtraction.Found) extraction).credential();

    Resolution resolution;
    try {
      // A principal known for this hash was resolved from these very bytes, whose grammar was
      // checked then. Anything else (a refusal a router answers from the shape alone, nothing
      // known) proves nothing about the grammar, so the credential is checked first.
      resolution = resolver.known(credential);
      if (!(resolution instanceof Resolution.Resolved) && !credential.isB64Token()) {
        return challenges.error(
            BearerError.invalidRequest(BearerTokenExtractor.NOT_B64TOKEN), requiredScopes);
      }
      trail.credential(credential);
      if (resolution == null) {
        resolution = resolver.resolve(credential);
      }
    } catch (RuntimeException e) {
      // A resolver bug must not let a request through, nor pass for the client's fault.
      log.error("Credential resolver failed unexpectedly; answering 503", e);
      return challenges.unavailable("credential-resolver", retryAfter);
    }
    if (resolution instanceof Resolution.Unavailable unavailable) {
      Duration hint = unavailable.retryAfter();
      return challenges.unavailable(unavailable.dependency(), hint != null ? hint : retryAfter);
    }
    if (resolution instanceof Resolution.Invalid invalid) {
      return challenges.error(invalidToken(invalid.reason()), requiredScopes);
    }
    if (resolution instanceof Resolution.NotMine) {
      return challenges.error(invalidToken("The credential is not recognised"), requiredScopes);
    }
    TollgatePrincipal principal = ((Resolution.Resolved) resolution).principal();
    trail.principal(principal);

    try {
      if (revocationCheck.isRevoked(principal)) {
        trail.revoked();
        return challenges.error(invalidToken("The credential has been revoked"), requiredScopes);
      }
    } catch (DependencyUnavailableException e) {
      return policies.unavailable(e);
    } catch (RuntimeException e) {
      log.error("Revocation check failed unexpectedly; answering 503", e);
      return challenges.unavailable("policy", retryAfter);
    }

    if (reader == null) {
      return limit(policies.authorize(principal, request, requiredScopes), request);
    }
    boolean declared = request.mcpMethod() != null;
    Decision onDeclared = null;
    if (declared) {
      // Decided on the Mcp-Method / Mcp-Name headers: a refusal needs no body.
      onDeclared = policies.authorize(principal, request, requiredScopes);
      if (!(onDeclared instanceof Decision.Allow)) {
        return onDeclared;
      }
    }
    McpCall call = read(reader);
    if (call == null) {
      return challenges.unavailable("mcp-reader", retryAfter);
    }
    if (call instanceof McpCall.Rejected rejected) {
      String description = rejected.description();
      return challenges.invalidMessage(
          rejected.status(), BearerError.isErrorValue(description) ? description : MESSAGE_REFUSED);
    }
    RequestView read =
        call instanceof McpCall.Parsed parsed
            ? RequestView.withMcpCall(request, parsed.method(), parsed.toolName())
            : RequestView.withMcpCall(request, null, null);
    if (onDeclared != null) {
      boolean same =
          Objects.equals(request.mcpMethod(), read.mcpMethod())
              && Objects.equals(request.mcpToolName(), read.mcpToolName());
      return same ? limit(onDeclared, read) : challenges.invalidMessage(400, HEADERS_DISAGREE);
    }
    Set<String> readScopes = policies.requiredScopes(read);
    if (readScopes == null) {
      return challenges.unavailable("scope-policy", retryAfter);
    }
    return limit(policies.authorize(principal, read, readScopes), read);
  }

  /**
   * The last step, on an allowed request only: the account's request and concurrency limits, so
   * that refused requests spend no quota. Fails closed like the others: a limiter that throws is a
   * 503 (a limiter configured to fail open never throws for an outage).
   */
  private Decision limit(Decision decision, RequestView request) {
    if (!(decision instanceof Decision.Allow allow) || requestLimiter == null) {
      return decision;
    }
    Admission admission;
    try {
      admission =
          Objects.requireNonNull(
              requestLimiter.admit(allow.principal(), request), "RequestLimiter returned null");
    } catch (DependencyUnavailableException e) {
      return policies.unavailable(e);
    } catch (RuntimeException e) {
      log.error("Request limiter failed unexpectedly; answering 503", e);
      return challenges.unavailable("request-limiter", retryAfter);
    }
    if (admission instanceof Admission.Limited limited) {
      return challenges.limited(limited);
    }
    Admission.Admitted admitted = (Admission.Admitted) admission;
    return new Decision.Allow(allow.principal(), admitted.permit(), admitted.headers());
  }

  /** The reader's call; a body that cannot be read is a rejected message, a reader bug null. */
  private static @Nullable McpCall read(McpCallReader reader) {
    try {
      return Objects.requireNonNull(reader.read(), "McpCallReader returned null");
    } catch (IOException e) {
      return new McpCall.Rejected(McpCall.Problem.MALFORMED, BODY_UNREADABLE);
    } catch (RuntimeException e) {
      log.error("MCP message reader failed unexpectedly; answering 503", e);
      return null;
    }
  }

  private static BearerError invalidToken(String reason) {
    return BearerError.isErrorValue(reason)
        ? BearerError.invalidToken(reason)
        : BearerError.invalidToken("The access token is invalid");
  }

  /**
   * Whether the scope or entitlement policy looks at the MCP method or tool name, so that an
   * adapter must decide a request carrying a message with {@link #decide(RequestView,
   * McpCallReader)}. When false the body need never be read.
   */
  public boolean needsMcpCall() {
    return policies.needsMcpCall();
  }

  /** The protected resource's identifier (RFC 8707 / RFC 9728), as configured. */
  public URI resource() {
    return resource;
  }

  /** The RFC 9728 metadata document this gate advertises. */
  public ProtectedResourceMetadata metadata() {
    return metadata;
  }

  /** {@link #metadata()} as JSON, serialized once. */
  public String metadataJson() {
    return metadataJson;
  }

  /** The path-suffixed metadata URL sent as {@code resource_metadata} in every challenge. */
  public URI resourceMetadataUrl() {
    return resourceMetadataUrl;
  }

  /** The URL paths (server-absolute) at which the metadata is served: path-suffixed, then root. */
  public List<String> metadataPaths() {
    String suffixed = WellKnown.metadataPath(resource);
    return suffixed.equals(WellKnown.PATH)
        ? List.of(WellKnown.PATH)
        : List.of(suffixed, WellKnown.PATH);
  }

  /**
   * Closes, once, every {@link AutoCloseable} component this gate was built with (each distinct
   * component once, in the order given to the builder); a component that fails to close is logged
   * at WARN and the others are closed all the same, so this never throws. Closing again does
   * nothing. A closed gate answers every request 503 ({@link Decision.Unavailable}): its components
   * can no longer be trusted to decide.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Closeables.closeAll(components, log);
    }
  }

  /**
   * Builds a {@link Tollgate}. Every setter checks its value at once; a single-valued setting set
   * twice fails at once with an {@link IllegalStateException} naming it, except the policies a
   * settings adapter sets first and code may replace ({@link #scopePolicy}, {@link
   * #entitlementPolicy}, {@link #requestLimiter}). {@link #requiredScopes} and {@link #scopePolicy}
   * are alternatives: whichever comes second fails. Adders ({@link #resolver}, {@link
   * #decisionListener}, ...) stay additive. {@link #build()} checks the whole.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private @Nullable Set<String> requiredScopes;
    private boolean scopePolicySet;
    private @Nullable URI resource;
    private final List<URI> authorizationServers = new ArrayList<>();
    private final List<String> scopesSupported = new ArrayList<>();
    private final List<Consumer<ProtectedResourceMetadata.Builder>> metadataCustomizers =
        new ArrayList<>();
    private final List<CredentialResolver> resolvers = new ArrayList<>();
    private RevocationCheck revocationCheck = RevocationCheck.none();
    private EntitlementPolicy entitlementPolicy = EntitlementPolicy.allowAll();
    private ScopePolicy scopePolicy = ScopePolicy.fixed(Set.of());
    private Duration retryAfter = DEFAULT_RETRY_AFTER;
    private int maxHeaderLength = BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH;
    private final List<DecisionListener> listeners = new ArrayList<>();
    private @Nullable FailureRateLimiter failureRateLimiter;
    private @Nullable RequestLimiter requestLimiter;

    private Builder() {}

    /**
     * The resource identifier: the canonical URL of the MCP endpoint (RFC 8707 §2). Tokens must
     * name it in their audience; every URL the gate emits is derived from it, never from the
     * request.
     */
    public Builder resource(URI resource) {
      if (this.resource != null) {
        throw new IllegalStateException("resource was already set to " + this.resource);
      }
      this.resource = ProtectedResourceMetadata.requireResource(resource);
      return this;
    }

    /** An authorization server (its issuer URL) advertised in the metadata. */
    public Builder authorizationServer(URI issuer) {
      authorizationServers.add(Objects.requireNonNull(issuer, "issuer == null"));
      return this;
    }

    /** Scopes advertised in the metadata's {@code scopes_supported}. */
    public Builder scopesSupported(Iterable<String> scopes) {
      scopes.forEach(scope -> scopesSupported.add(Objects.requireNonNull(scope, "scope == null")));
      return this;
    }

    /** Further metadata fields (resource name, documentation, ...). */
    public Builder metadata(Consumer<ProtectedResourceMetadata.Builder> customizer) {
      metadataCustomizers.add(Objects.requireNonNull(customizer, "customizer == null"));
      return this;
    }

    /** Adds a resolver; several are asked in the order added until one claims the credential. */
    public Builder resolver(CredentialResolver resolver) {
      resolvers.add(Objects.requireNonNull(resolver, "resolver == null"));
      return this;
    }

    /** The revocation check; default nothing is revoked. Set at most once. */
    public Builder revocationCheck(RevocationCheck revocationCheck) {
      once.set("revocationCheck", revocationCheck);
      this.revocationCheck = Objects.requireNonNull(revocationCheck, "revocationCheck == null");
      return this;
    }

    /**
     * The entitlement policy; default everyone is entitled. Like {@link #scopePolicy(ScopePolicy)},
     * one set later replaces one set before (the settings' {@code tool-plans} policy).
     */
    public Builder entitlementPolicy(EntitlementPolicy entitlementPolicy) {
      this.entitlementPolicy =
          Objects.requireNonNull(entitlementPolicy, "entitlementPolicy == null");
      return this;
    }

    /**
     * The same required scopes for every request; also advertised in {@code scopes_supported}. Set
     * at most once, and not with {@link #scopePolicy(ScopePolicy)}, its alternative.
     */
    public Builder requiredScopes(Set<String> scopes) {
      Objects.requireNonNull(scopes, "scopes == null");
      if (requiredScopes != null) {
        throw new IllegalStateException("requiredScopes was already set to " + requiredScopes);
      }
      if (scopePolicySet) {
        throw new IllegalStateException(
            "scopePolicy was already set to "
                + scopePolicy
                + "; requiredScopes is its alternative,"
                + " use ScopePolicy.fixed(scopes) or add the scopes to that policy");
      }
      for (String scope : scopes) {
        if (!BearerError.isScopeToken(scope)) {
          throw new IllegalArgumentException("scopes: not a valid scope token: '" + scope + "'");
        }
      }
      this.requiredScopes = Set.copyOf(scopes);
      this.scopePolicy = ScopePolicy.fixed(scopes);
      scopesSupported.addAll(scopes);
      return this;
    }

    /**
     * The scopes each request needs; default none. Not with {@link #requiredScopes(Set)}, its
     * alternative. One set later replaces one set before, so code can replace the policy a settings
     * adapter set from its keys.
     */
    public Builder scopePolicy(ScopePolicy scopePolicy) {
      Objects.requireNonNull(scopePolicy, "scopePolicy == null");
      if (requiredScopes != null) {
        throw new IllegalStateException(
            "requiredScopes was already set to "
                + requiredScopes
                + "; scopePolicy is its alternative,"
                + " include those scopes in the policy instead");
      }
      this.scopePolicy = scopePolicy;
      this.scopePolicySet = true;
      return this;
    }

    /** The {@code Retry-After} sent with a 503 when the failing dependency gives no hint. */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      if (retryAfter.isNegative()
          || retryAfter.isZero()
          || retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
        throw new IllegalArgumentException(
            "retryAfter must be positive and at most " + MAX_RETRY_AFTER + ", was " + retryAfter);
      }
      once.set("retryAfter", retryAfter);
      this.retryAfter = retryAfter;
      return this;
    }

    /** Caps the {@code Authorization} header's length; see {@link BearerTokenExtractor}. */
    public Builder maxHeaderLength(int maxHeaderLength) {
      BearerTokenExtractor.withMaxHeaderLength(maxHeaderLength);
      once.set("maxHeaderLength", maxHeaderLength);
      this.maxHeaderLength = maxHeaderLength;
      return this;
    }

    /**
     * Adds a listener told of every decision (for metrics, say); several are called in the order
     * added. The audit log on {@value AuditLog#LOGGER_NAME} is always written besides.
     */
    public Builder decisionListener(DecisionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Answers 429 with {@code Retry-After} to a client address after {@code maxFailures} failed
     * attempts (400 or 401 with a credential) within {@code per}; see {@link FailureRateLimiter}.
     *
     * <p>Off by default, because it keys on {@link RequestView#remoteAddress()}: behind a reverse
     * proxy or load balancer every client shares the proxy's address, and a limit on by default
     * would let one misbehaving client lock out all the others. Turn it on where the adapter
     * reports the real client address, e.g. {@code failureRateLimit(20, Duration.ofMinutes(1))}:
     * generous for a client retrying an expired token, useless for guessing 128-bit keys anyway,
     * and a cheap stop for floods of garbage that would otherwise reach the resolvers.
     */
    public Builder failureRateLimit(int maxFailures, Duration per) {
      return failureRateLimiter(FailureRateLimiter.builder(maxFailures, per).build());
    }

    /** As {@link #failureRateLimit(int, Duration)}, with a limiter configured in full. */
    public Builder failureRateLimiter(FailureRateLimiter limiter) {
      Objects.requireNonNull(limiter, "limiter == null");
      FailureRateLimiter current = failureRateLimiter;
      if (current != null) {
        throw new IllegalStateException(
            "failureRateLimit was already set to "
                + current.maxFailures()
                + " per "
                + current.per());
      }
      this.failureRateLimiter = limiter;
      return this;
    }

    /**
     * Limits allowed requests per account, after entitlement and scopes: 429 with {@code
     * Retry-After} and the {@code RateLimit} fields when over; see {@link PlanRequestLimiter}. An
     * allowed request then carries a {@link dev.tollgate.Permit} the adapter releases when the
     * response completes. None by default. Like {@link #scopePolicy(ScopePolicy)}, one set later
     * replaces one set before, so code can swap the in-memory limiter a settings adapter set from
     * its keys for one on a shared store.
     */
    public Builder requestLimiter(RequestLimiter limiter) {
      this.requestLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    public Tollgate build() {
      if (resource == null) {
        throw new IllegalStateException("resource is required");
      }
      if (resolvers.isEmpty()) {
        throw new IllegalStateException("at least one credential resolver is required");
      }
      CredentialResolver resolver =
          resolvers.size() == 1 ? resolvers.get(0) : CredentialResolver.firstClaiming(resolvers);
      return new Tollgate(this, resource, resolver);
    }
  }
}
