package dev.tollgate;

/**
 * Decides whether an authenticated principal may use the MCP server: a paid plan, or a free account
 * with purchased credits. A refusal is a 403 {@code entitlement_required} with no {@code
 * WWW-Authenticate}, so clients do not loop into re-authorization.
 */
@FunctionalInterface
public interface EntitlementPolicy {

  /**
   * The verdict for {@code principal} making {@code request}.
   *
   * @throws dev.tollgate.DependencyUnavailableException when the account store cannot answer (503)
   */
  Entitlement check(TollgatePrincipal principal, RequestView request);

  /**
   * Whether {@link #check} depends on {@link RequestView#mcpMethod()} or {@link
   * RequestView#mcpToolName()}; adapters read the request body to learn them only when it does.
   * Default false: an implementation that reads them must override this to return true, or it sees
   * {@code null} for both.
   */
  default boolean needsMcpCall() {
    return false;
  }

  /** Admits every authenticated principal. */
  static EntitlementPolicy allowAll() {
    return (principal, request) -> Entitlement.granted();
  }
}
