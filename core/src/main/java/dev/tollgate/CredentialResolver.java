package dev.tollgate;

import java.util.List;

/**
 * Turns a {@link Credential} into a {@link TollgatePrincipal}: the extension point for JWTs,
 * introspection, API keys, an upstream account API, or your own scheme.
 *
 * <p>A resolver never throws for a bad credential or an outage: it answers with a {@link
 * Resolution}, so the 401 / 503 split stays explicit all the way out.
 */
@FunctionalInterface
public interface CredentialResolver {

  /** Resolves {@code credential}; must not block beyond the resolver's own configured timeouts. */
  Resolution resolve(Credential credential);

  /**
   * A resolver that asks each of {@code resolvers} in turn until one answers other than {@link
   * Resolution.NotMine}; if none claims the credential it is invalid. It is {@link AutoCloseable}:
   * closing it closes each of {@code resolvers} that is.
   */
  static CredentialResolver firstClaiming(List<? extends CredentialResolver> resolvers) {
    return new FirstClaiming(resolvers);
  }
}
