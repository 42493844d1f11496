package dev.tollgate;

import java.util.List;
import org.jspecify.annotations.Nullable;

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
   * What this resolver already holds for {@code credential}, answered from its hash alone, or
   * {@code null} when it would have to resolve it: a cache answers from its entries, a router from
   * the resolver of the credential's route. The answer must be what {@link #resolve} would give.
   *
   * <p>The gate asks this first, before it checks the credential's syntax ({@link
   * Credential#isB64Token()}), and skips that check only for a {@link Resolution.Resolved} answer:
   * a principal held for this hash was resolved from these very bytes, checked then. Any other
   * answer is used once the credential has passed the check. So an implementation reads only {@link
   * Credential#sha256()}, {@link Credential#startsWith} and {@link Credential#looksLikeJwt()},
   * never the value. The default holds nothing.
   */
  default @Nullable Resolution known(Credential credential) {
    return null;
  }

  /**
   * A resolver that asks each of {@code resolvers} in turn until one answers other than {@link
   * Resolution.NotMine}; if none claims the credential it is invalid. It is {@link AutoCloseable}:
   * closing it closes each of {@code resolvers} that is.
   */
  static CredentialResolver firstClaiming(List<? extends CredentialResolver> resolvers) {
    return new FirstClaiming(resolvers);
  }
}
