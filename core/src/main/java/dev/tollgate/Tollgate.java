package dev.tollgate;

import dev.tollgate.account.Entitlement;
import dev.tollgate.account.EntitlementPolicy;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.BearerExtraction;
import dev.tollgate.bearer.BearerTokenExtractor;
import dev.tollgate.bearer.Challenges;
import dev.tollgate.metadata.ProtectedResourceMetadata;
import dev.tollgate.metadata.WellKnown;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bearer gate: decides, for one request, whether to let it through, challenge it, or answer
 * 503 because a dependency is down.
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
 * <p>The steps, in order: extract the credential (RFC 6750 §2.1), resolve it, check revocation,
 * check entitlement, check scopes. Each step fails closed. Instances are immutable and thread-safe.
 */
public final class Tollgate {
  private static final Logger log = LoggerFactory.getLogger(Tollgate.class);

  private final URI resource;
  private final ProtectedResourceMetadata metadata;
  private final String metadataJson;
  private final URI resourceMetadataUrl;
  private final BearerTokenExtractor extractor;
  private final CredentialResolver resolver;
  private final RevocationCheck revocationCheck;
  private final EntitlementPolicy entitlementPolicy;
  private final ScopePolicy scopePolicy;
  private final Challenges challenges;
  private final Duration retryAfter;

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
    this.entitlementPolicy = builder.entitlementPolicy;
    this.scopePolicy = builder.scopePolicy;
    this.challenges = Challenges.pointingTo(resourceMetadataUrl);
    this.retryAfter = builder.retryAfter;
  }

  /** Starts a gate; {@link Builder#resource(URI)} and at least one resolver are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Decides what to do with {@code request}. Never throws for anything the request contains. */
  public Decision decide(RequestView request) {
    Set<String> requiredScopes = scopePolicy.requiredScopes(request);
    BearerExtraction extraction = extractor.extract(request);
    if (extraction instanceof BearerExtraction.Absent) {
      return challenges.missingCredential(requiredScopes);
    }
    if (extraction instanceof BearerExtraction.Malformed malformed) {
      return challenges.error(BearerError.invalidRequest(malformed.description()), requiredScopes);
    }
    Credential credential = ((BearerExtraction.Found) extraction).credential();

    Resolution resolution;
    try {
      resolution = resolver.resolve(credential);
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

    try {
      if (revocationCheck.isRevoked(principal)) {
        return challenges.error(invalidToken("The credential has been revoked"), requiredScopes);
      }
      Entitlement entitlement = entitlementPolicy.check(principal, request);
      if (!entitlement.allowed()) {
        return challenges.entitlementRequired(
            Objects.requireNonNull(entitlement.description()), entitlement.upgradeUri());
      }
    } catch (DependencyUnavailableException e) {
      Duration hint = e.retryAfter();
      return challenges.unavailable(e.dependency(), hint != null ? hint : retryAfter);
    } catch (RuntimeException e) {
      log.error("Revocation or entitlement check failed unexpectedly; answering 503", e);
      return challenges.unavailable("policy", retryAfter);
    }

    if (!scopePolicy.isSatisfiedBy(principal.scopes(), requiredScopes)) {
      return challenges.error(
          BearerError.insufficientScope("The access token lacks a scope this operation needs"),
          requiredScopes);
    }
    return new Decision.Allow(principal);
  }

  private static BearerError invalidToken(String reason) {
    return BearerError.isErrorValue(reason)
        ? BearerError.invalidToken(reason)
        : BearerError.invalidToken("The access token is invalid");
  }

  /**
   * Whether the scope or entitlement policy looks at the MCP method or tool name, so that an adapter
   * must determine them (from the {@code Mcp-Method} / {@code Mcp-Name} headers or the body) before
   * {@link #decide(RequestView)}. When false the body need never be read.
   */
  public boolean needsMcpCall() {
    return scopePolicy.needsMcpCall() || entitlementPolicy.needsMcpCall();
  }

  /**
   * The refusal of a request whose MCP message cannot be checked: 400 {@code invalid_request}
   * (batch, malformed JSON-RPC, headers that disagree with the body) or 413 (body over the
   * adapter's limit), without {@code WWW-Authenticate}, as the credential is not at fault.
   * {@code description} is a fixed phrase within RFC 6750's character set.
   */
  public Decision.Challenge rejectMcpMessage(int status, String description) {
    return challenges.invalidMessage(status, description);
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
    return suffixed.equals(WellKnown.PATH) ? List.of(WellKnown.PATH) : List.of(suffixed, WellKnown.PATH);
  }

  /** Builds a {@link Tollgate}; validates everything once, in {@link #build()}. */
  public static final class Builder {
    private @Nullable URI resource;
    private final List<URI> authorizationServers = new ArrayList<>();
    private final List<String> scopesSupported = new ArrayList<>();
    private final List<Consumer<ProtectedResourceMetadata.Builder>> metadataCustomizers =
        new ArrayList<>();
    private final List<CredentialResolver> resolvers = new ArrayList<>();
    private RevocationCheck revocationCheck = RevocationCheck.none();
    private EntitlementPolicy entitlementPolicy = EntitlementPolicy.allowAll();
    private ScopePolicy scopePolicy = ScopePolicy.fixed(Set.of());
    private Duration retryAfter = Duration.ofSeconds(5);
    private int maxHeaderLength = BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH;

    private Builder() {}

    /**
     * The resource identifier: the canonical URL of the MCP endpoint (RFC 8707 §2). Tokens must name
     * it in their audience; every URL the gate emits is derived from it, never from the request.
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

    public Builder revocationCheck(RevocationCheck revocationCheck) {
      this.revocationCheck = Objects.requireNonNull(revocationCheck, "revocationCheck == null");
      return this;
    }

    public Builder entitlementPolicy(EntitlementPolicy entitlementPolicy) {
      this.entitlementPolicy = Objects.requireNonNull(entitlementPolicy, "entitlementPolicy == null");
      return this;
    }

    /** The same required scopes for every request; also advertised in {@code scopes_supported}. */
    public Builder requiredScopes(Set<String> scopes) {
      for (String scope : scopes) {
        if (!BearerError.isScopeToken(scope)) {
          throw new IllegalArgumentException("scopes: not a valid scope token: '" + scope + "'");
        }
      }
      this.scopePolicy = ScopePolicy.fixed(scopes);
      scopesSupported.addAll(scopes);
      return this;
    }

    public Builder scopePolicy(ScopePolicy scopePolicy) {
      this.scopePolicy = Objects.requireNonNull(scopePolicy, "scopePolicy == null");
      return this;
    }

    /** The {@code Retry-After} sent with a 503 when the failing dependency gives no hint. */
    public Builder retryAfter(Duration retryAfter) {
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** Caps the {@code Authorization} header's length; see {@link BearerTokenExtractor}. */
    public Builder maxHeaderLength(int maxHeaderLength) {
      BearerTokenExtractor.withMaxHeaderLength(maxHeaderLength);
      this.maxHeaderLength = maxHeaderLength;
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
