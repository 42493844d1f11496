package dev.tollgate.metadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2.0 Protected Resource Metadata document (RFC 9728 §2), with every field the RFC
 * defines. Fields left unset (or empty, or {@code false}) are omitted from the JSON, as §2 asks.
 *
 * <p>{@code offline_access} is never advertised in {@code scopes_supported}: refresh tokens are the
 * authorization server's business, and MCP clients that see it request it needlessly.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProtectedResourceMetadata(
    @JsonProperty("resource") URI resource,
    @JsonProperty("authorization_servers") List<URI> authorizationServers,
    @JsonProperty("jwks_uri") @Nullable URI jwksUri,
    @JsonProperty("scopes_supported") List<String> scopesSupported,
    @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
    @JsonProperty("resource_signing_alg_values_supported")
        List<String> resourceSigningAlgValuesSupported,
    @JsonProperty("resource_name") @Nullable String resourceName,
    @JsonProperty("resource_documentation") @Nullable URI resourceDocumentation,
    @JsonProperty("resource_policy_uri") @Nullable URI resourcePolicyUri,
    @JsonProperty("resource_tos_uri") @Nullable URI resourceTosUri,
    @JsonProperty("tls_client_certificate_bound_access_tokens")
        @Nullable Boolean tlsClientCertificateBoundAccessTokens,
    @JsonProperty("authorization_details_types_supported")
        List<String> authorizationDetailsTypesSupported,
    @JsonProperty("dpop_signing_alg_values_supported") List<String> dpopSigningAlgValuesSupported,
    @JsonProperty("dpop_bound_access_tokens_required")
        @Nullable Boolean dpopBoundAccessTokensRequired,
    @JsonProperty("signed_metadata") @Nullable String signedMetadata) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OFFLINE_ACCESS = "offline_access";

  public ProtectedResourceMetadata {
    Objects.requireNonNull(resource, "resource == null");
    authorizationServers = List.copyOf(authorizationServers);
    scopesSupported = List.copyOf(scopesSupported);
    bearerMethodsSupported = List.copyOf(bearerMethodsSupported);
    resourceSigningAlgValuesSupported = List.copyOf(resourceSigningAlgValuesSupported);
    authorizationDetailsTypesSupported = List.copyOf(authorizationDetailsTypesSupported);
    dpopSigningAlgValuesSupported = List.copyOf(dpopSigningAlgValuesSupported);
    if (Boolean.FALSE.equals(tlsClientCertificateBoundAccessTokens)) {
      tlsClientCertificateBoundAccessTokens = null;
    }
    if (Boolean.FALSE.equals(dpopBoundAccessTokensRequired)) {
      dpopBoundAccessTokensRequired = null;
    }
  }

  /**
   * Starts a document for {@code resource}; {@code bearer_methods_supported} is {@code ["header"]}.
   */
  public static Builder builder(URI resource) {
    return new Builder(resource);
  }

  /** The document as compact JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata always serializes", e);
    }
  }

  /** Builds a {@link ProtectedResourceMetadata}, validating every URL once. */
  public static final class Builder {
    private final URI resource;
    private final List<URI> authorizationServers = new ArrayList<>();
    private @Nullable URI jwksUri;
    private final Set<String> scopesSupported = new LinkedHashSet<>();
    private final List<String> bearerMethodsSupported = new ArrayList<>(List.of("header"));
    private final List<String> resourceSigningAlgValuesSupported = new ArrayList<>();
    private @Nullable String resourceName;
    private @Nullable URI resourceDocumentation;
    private @Nullable URI resourcePolicyUri;
    private @Nullable URI resourceTosUri;
    private boolean tlsClientCertificateBoundAccessTokens;
    private final List<String> authorizationDetailsTypesSupported = new ArrayList<>();
    private final List<String> dpopSigningAlgValuesSupported = new ArrayList<>();
    private boolean dpopBoundAccessTokensRequired;
    private @Nullable String signedMetadata;

    private Builder(URI resource) {
      this.resource = requireResource(resource);
    }

    public Builder authorizationServer(URI issuer) {
      authorizationServers.add(requireHttpUrl(issuer, "authorization_servers"));
      return this;
    }

    public Builder jwksUri(@Nullable URI jwksUri) {
      this.jwksUri = jwksUri == null ? null : requireHttpUrl(jwksUri, "jwks_uri");
      return this;
    }

    /** Adds advertised scopes; {@code offline_access} is dropped. */
    public Builder scopesSupported(Iterable<String> scopes) {
      for (String scope : scopes) {
        if (!OFFLINE_ACCESS.equals(scope)) {
          scopesSupported.add(Objects.requireNonNull(scope, "scope == null"));
        }
      }
      return this;
    }

    public Builder bearerMethodsSupported(List<String> methods) {
      bearerMethodsSupported.clear();
      bearerMethodsSupported.addAll(methods);
      return this;
    }

    public Builder resourceSigningAlgValuesSupported(List<String> algorithms) {
      resourceSigningAlgValuesSupported.addAll(algorithms);
      return this;
    }

    public Builder resourceName(@Nullable String resourceName) {
      this.resourceName = resourceName;
      return this;
    }

    public Builder resourceDocumentation(@Nullable URI uri) {
      this.resourceDocumentation =
          uri == null ? null : requireHttpUrl(uri, "resource_documentation");
      return this;
    }

    public Builder resourcePolicyUri(@Nullable URI uri) {
      this.resourcePolicyUri = uri == null ? null : requireHttpUrl(uri, "resource_policy_uri");
      return this;
    }

    public Builder resourceTosUri(@Nullable URI uri) {
      this.resourceTosUri = uri == null ? null : requireHttpUrl(uri, "resource_tos_uri");
      return this;
    }

    public Builder tlsClientCertificateBoundAccessTokens(boolean value) {
      this.tlsClientCertificateBoundAccessTokens = value;
      return this;
    }

    public Builder authorizationDetailsTypesSupported(List<String> types) {
      authorizationDetailsTypesSupported.addAll(types);
      return this;
    }

    public Builder dpopSigningAlgValuesSupported(List<String> algorithms) {
      dpopSigningAlgValuesSupported.addAll(algorithms);
      return this;
    }

    public Builder dpopBoundAccessTokensRequired(boolean value) {
      this.dpopBoundAccessTokensRequired = value;
      return this;
    }

    /** A JWT with signed metadata values (RFC 9728 §2.2), passed through as given. */
    public Builder signedMetadata(@Nullable String signedMetadata) {
      this.signedMetadata = signedMetadata;
      return this;
    }

    public ProtectedResourceMetadata build() {
      return new ProtectedResourceMetadata(
          resource,
          authorizationServers,
          jwksUri,
          List.copyOf(scopesSupported),
          bearerMethodsSupported,
          resourceSigningAlgValuesSupported,
          resourceName,
          resourceDocumentation,
          resourcePolicyUri,
          resourceTosUri,
          tlsClientCertificateBoundAccessTokens ? Boolean.TRUE : null,
          authorizationDetailsTypesSupported,
          dpopSigningAlgValuesSupported,
          dpopBoundAccessTokensRequired ? Boolean.TRUE : null,
          signedMetadata);
    }
  }

  /**
   * Checks a resource identifier as RFC 9728 §1.2 and RFC 8707 §2 define it: an absolute {@code
   * https} (or, for local development, {@code http}) URL with a host and no fragment.
   */
  public static URI requireResource(URI resource) {
    URI uri = requireHttpUrl(resource, "resource");
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException("resource must not have a query component: " + uri);
    }
    return uri;
  }

  private static URI requireHttpUrl(URI uri, String setting) {
    Objects.requireNonNull(uri, setting + " == null");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || !(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          setting + " must be an absolute http(s) URL with a host: " + uri);
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(setting + " must not have a fragment: " + uri);
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(setting + " must not carry user info: " + uri);
    }
    String text = uri.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        throw new IllegalArgumentException(setting + " must be a plain ASCII URL: " + uri);
      }
    }
    return uri;
  }
}
