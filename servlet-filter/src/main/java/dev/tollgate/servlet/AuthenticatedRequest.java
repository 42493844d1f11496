package dev.tollgate.servlet;

import dev.tollgate.TollgatePrincipal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request as the application sees it once the gate has allowed it: the container's security
 * methods answer for the {@link TollgatePrincipal}, and roles are the principal's scopes.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  /**
   * {@link HttpServletRequest#getAuthType()} for a request authenticated by a Bearer credential.
   */
  static final String AUTH_TYPE = "Bearer";

  private final TollgatePrincipal principal;
  private final ServletResponse response;

  AuthenticatedRequest(
      HttpServletRequest request, ServletResponse response, TollgatePrincipal principal) {
    super(request);
    this.response = response;
    this.principal = principal;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.subject();
  }

  @Override
  public String getAuthType() {
    return AUTH_TYPE;
  }

  /** Roles are scopes: {@code isUserInRole("mcp:tools")} asks whether that scope was granted. */
  @Override
  public boolean isUserInRole(String role) {
    return role != null && principal.hasScope(role);
  }

  /**
   * Starts async processing with this wrapper rather than the container's bare request, so that
   * code holding the {@link AsyncContext} (an SSE writer thread, an async dispatch) still sees the
   * principal.
   */
  @Override
  public AsyncContext startAsync() {
    return getRequest().startAsync(this, response);
  }
}
