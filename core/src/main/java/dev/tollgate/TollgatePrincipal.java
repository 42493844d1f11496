package dev.tollgate;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a request acts for, once its credential has been resolved.
 *
 * <p>Named {@code TollgatePrincipal} rather than {@code Principal} so that it never clashes with
 * {@link java.security.Principal}, which it implements so containers can expose it directly.
 *
 * @param subject the token's {@code sub} (or the key owner's account id for an API key)
 * @param accountId the account billed for and entitled by this request
 * @param clientId the OAuth client ({@code client_id}) that obtained the token; {@code null} for an
 *     API key
 * @param scopes granted scopes (RFC 6749 §3.3), never {@code null}
 * @param issuedAt when the credential was issued, if known; revocation compares against it
 * @param authTime when the person last authenticated at the authorization server for the grant
 *     behind the credential (OpenID Connect Core §2 {@code auth_time}), if the server says; a
 *     refreshed access token keeps its grant's {@code auth_time}, so a disconnection compares
 *     against it rather than against {@code issuedAt}
 * @param expiresAt when the credential stops being valid, if known; caches never outlive it
 * @param tokenId the token's {@code jti}, if any
 * @param kind what sort of credential this principal came from
 * @param attributes further claims or attributes a resolver chose to carry (plan, credits, ...)
 */
public record TollgatePrincipal(
    String subject,
    String accountId,
    @Nullable String clientId,
    Set<String> scopes,
    @Nullable Instant issuedAt,
    @Nullable Instant authTime,
    @Nullable Instant expiresAt,
    @Nullable String tokenId,
    CredentialKind kind,
    Map<String, Object> attributes)
    implements java.security.Principal {

  public TollgatePrincipal {
    Objects.requireNonNull(subject, "subject == null");
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(kind, "kind == null");
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes == null"));
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes == null"));
  }

  /** Starts a principal for {@code accountId}; subject defaults to the account id. */
  public static Builder builder(String accountId) {
    return new Builder(accountId);
  }

  @Override
  public String getName() {
    return subject;
  }

  /**
   * Whether the principal was granted {@code scope}, exactly (hierarchies live in the scope
   * policy).
   */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** Builds a {@link TollgatePrincipal}; every field but the account id is optional. */
  public static final class Builder {
    private final String accountId;
    private @Nullable String subject;
    private @Nullable String clientId;
    private Set<String> scopes = Set.of();
    private @Nullable Instant issuedAt;
    private @Nullable Instant authTime;
    private @Nullable Instant expiresAt;
    private @Nullable String tokenId;
    private CredentialKind kind = CredentialKind.ACCESS_TOKEN;
    private Map<String, Object> attributes = Map.of();

    private Builder(String accountId) {
      this.accountId = Objects.requireNonNull(accountId, "accountId == null");
    }

    public Builder subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject == null");
      return this;
    }

    public Builder clientId(@Nullable String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder scopes(Set<String> scopes) {
      this.scopes = Set.copyOf(scopes);
      return this;
    }

    public Builder issuedAt(@Nullable Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    public Builder authTime(@Nullable Instant authTime) {
      this.authTime = authTime;
      return this;
    }

    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder tokenId(@Nullable String tokenId) {
      this.tokenId = tokenId;
      return this;
    }

    public Builder kind(CredentialKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind == null");
      return this;
    }

    public Builder attributes(Map<String, Object> attributes) {
      this.attributes = Map.copyOf(attributes);
      return this;
    }

    public TollgatePrincipal build() {
      return new TollgatePrincipal(
          subject != null ? subject : accountId,
          accountId,
          clientId,
          scopes,
          issuedAt,
          authTime,
          expiresAt,
          tokenId,
          kind,
          attributes);
    }
  }
}
