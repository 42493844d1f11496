package dev.tollgate.spring.boot;

import dev.tollgate.TollgatePrincipal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A caller Tollgate admitted, as Spring Security's {@code Authentication}: the principal is the
 * {@link TollgatePrincipal}, the name its subject, and each granted scope an authority {@code
 * SCOPE_<scope>} (the convention of Spring Security's resource server), so
 * {@code @PreAuthorize("hasAuthority('SCOPE_mcp:credits')")} reads as it does there. The credential
 * itself is never kept.
 */
public final class TollgateAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The prefix of an authority made from a scope. */
  public static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

  private final TollgatePrincipal principal;

  /** An authenticated token for {@code principal}. */
  public TollgateAuthentication(TollgatePrincipal principal) {
    super(
        AuthorityUtils.createAuthorityList(
            Objects.requireNonNull(principal, "principal == null").scopes().stream()
                .sorted()
                .map(scope -> SCOPE_AUTHORITY_PREFIX + scope)
                .toList()));
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public TollgatePrincipal getPrincipal() {
    return principal;
  }

  /** Always {@code null}: the Bearer credential stays with the gate. */
  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  @Override
  public String getName() {
    return principal.subject();
  }
}
