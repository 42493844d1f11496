package dev.tollgate.account.servlet;

import dev.tollgate.CredentialKind;
import dev.tollgate.Decision;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.Challenges;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may use an account endpoint, behind the gate that authenticated the caller: never an API key,
 * only tokens for the account resource, of an allowed client, with the scope the route needs. Each
 * refusal comes from core's {@link Challenges}, pointing to the account resource's metadata.
 */
final class AccountAuthorization {
  static final String API_KEY_CANNOT_MANAGE =
      "API keys cannot use the account endpoints; use an OAuth access token with the scope named";
  static final String MISSING_SCOPE = "The access token lacks the scope this operation needs";
  static final String WRONG_AUDIENCE = "The access token is not meant for the account resource";
  static final String CLIENT_NOT_ALLOWED =
      "This application may not use the account endpoints; use the account page";

  private final AccountServletConfig config;
  private final Challenges challenges;

  AccountAuthorization(AccountServletConfig config, Challenges challenges) {
    this.config = config;
    this.challenges = challenges;
  }

  /**
   * Why {@code principal} may not use a route, or {@code null} when it may.
   *
   * @param read whether the route only reads, so the read scope is enough
   */
  Decision.@Nullable Challenge refusal(TollgatePrincipal principal, boolean read) {
    String manage = config.manageScope();
    String needed = read ? config.readScope() : manage;
    if (principal.kind() == CredentialKind.API_KEY) {
      return challenges.error(BearerError.insufficientScope(API_KEY_CANNOT_MANAGE), Set.of(needed));
    }
    if (!audienceAllows(principal.attributes().get("aud"))) {
      return challenges.error(BearerError.invalidToken(WRONG_AUDIENCE), Set.of());
    }
    Set<String> clients = config.allowedClientIds();
    if (!clients.isEmpty()
        && (principal.clientId() == null || !clients.contains(principal.clientId()))) {
      return challenges.clientNotAllowed(CLIENT_NOT_ALLOWED);
    }
    boolean granted = principal.hasScope(manage) || (read && principal.hasScope(needed));
    if (!granted) {
      return challenges.error(BearerError.insufficientScope(MISSING_SCOPE), Set.of(needed));
    }
    return null;
  }

  /**
   * Defence in depth behind the gate's audience check: when the principal still carries the token's
   * {@code aud}, it must name the account resource. Resolvers that keep no {@code aud}
   * (introspection configured to drop it, custom ones) rely on the gate alone.
   */
  private boolean audienceAllows(@Nullable Object aud) {
    if (aud == null) {
      return true;
    }
    String resource = config.resource().toString();
    if (aud instanceof String single) {
      return single.equals(resource);
    }
    return aud instanceof List<?> list && list.contains(resource);
  }
}
