package dev.tollgate.config;

import com.nimbusds.jwt.JWTParser;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.internal.Closeables;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the JWTs of some issuers to introspection (RFC 7662) instead of local verification, as
 * some authorization servers recommend (it sees revoked sessions at once). The {@code iss} read
 * here is unverified, and only picks the route: introspection is the authority for what it is
 * sent, and local verification checks {@code iss} again against its signature. A JWT whose issuer
 * is not listed goes to local verification, or is {@linkplain Resolution#notMine() not ours} when
 * there is none.
 */
final class IssuerRoute implements CredentialResolver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IssuerRoute.class);

  private final Set<String> introspected;
  private final CredentialResolver introspection;
  private final @Nullable CredentialResolver local;

  IssuerRoute(Set<String> introspected, CredentialResolver introspection, @Nullable CredentialResolver local) {
    this.introspected = Set.copyOf(introspected);
    this.introspection = introspection;
    this.local = local;
  }

  @Override
  public Resolution resolve(Credential credential) {
    String issuer = issuer(credential);
    if (issuer != null && introspected.contains(issuer)) {
      return introspection.resolve(credential);
    }
    return local != null ? local.resolve(credential) : Resolution.notMine();
  }

  /** Closes both routes' resolvers (those that are {@link AutoCloseable}). */
  @Override
  public void close() {
    Closeables.closeAll(Arrays.asList(introspection, local), log);
  }

  private static @Nullable String issuer(Credential credential) {
    try {
      return JWTParser.parse(credential.value()).getJWTClaimsSet().getClaim("iss") instanceof String iss ? iss : null;
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }
}
