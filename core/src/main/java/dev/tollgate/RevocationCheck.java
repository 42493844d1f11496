package dev.tollgate;

/**
 * Checked after resolution and after any cache, so that a revoked account, client or key stops
 * working on the very next request even while a JWT for it is still unexpired.
 */
@FunctionalInterface
public interface RevocationCheck {

  /**
   * Whether {@code principal}'s credential was revoked.
   *
   * @throws DependencyUnavailableException when the revocation registry cannot answer (503)
   */
  boolean isRevoked(TollgatePrincipal principal);

  /** Nothing is ever revoked. */
  static RevocationCheck none() {
    return principal -> false;
  }
}
