package dev.tollgate.servlet;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** A resolver double: fixed tokens mapped to fixed resolutions; anything else is not its own. */
final class FixedTokenResolver implements CredentialResolver {
  static final String GOOD = "good-token";
  static final String NO_SCOPE = "noscope-token";
  static final String FREE = "free-token";
  static final String EXPIRED = "expired-token";
  static final String DOWN = "down-token";
  static final String DOWN_WITH_HINT = "down-hint-token";
  static final String FREE_ACCOUNT = "free-account";

  static final TollgatePrincipal USER =
      TollgatePrincipal.builder("acct-1")
          .subject("user-1")
          .clientId("client-1")
          .scopes(Set.of("mcp", "mcp:tools"))
          .build();

  private final Map<String, Resolution> resolutions =
      Map.of(
          GOOD, Resolution.resolved(USER),
          NO_SCOPE,
              Resolution.resolved(
                  TollgatePrincipal.builder("acct-2").scopes(Set.of("profile")).build()),
          FREE,
              Resolution.resolved(
                  TollgatePrincipal.builder(FREE_ACCOUNT).scopes(Set.of("mcp")).build()),
          EXPIRED, Resolution.invalid("The access token has expired"),
          DOWN, Resolution.unavailable("jwks"),
          DOWN_WITH_HINT, Resolution.unavailable("jwks", Duration.ofSeconds(42)));

  @Override
  public Resolution resolve(Credential credential) {
    return resolutions.getOrDefault(credential.value(), Resolution.notMine());
  }
}
