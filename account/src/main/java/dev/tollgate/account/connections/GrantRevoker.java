package dev.tollgate.account.connections;

import java.io.IOException;
import java.util.Objects;

/**
 * Revokes, at the authorization server, the grant a person gave an app, when they disconnect it
 * from their account. Tollgate refuses the app's tokens itself (see {@code
 * RevocationRegistry#disconnectClient}); this hook also ends the grant where it lives, so the app's
 * refresh token stops working and the server asks the person for consent again.
 *
 * <p>Called after the disconnection is stored, on the request thread. A failure is reported to the
 * caller and logged, never undoes the disconnection: the app stays refused here either way. Keep it
 * bounded in time (the {@linkplain #httpDelete(String) HTTP implementation} has a timeout). Where
 * none is configured, the local disconnection is all there is, and the account endpoints report it
 * as such.
 */
@FunctionalInterface
public interface GrantRevoker {

  /**
   * Revokes the grant {@code disconnection} names.
   *
   * @throws IOException when the authorization server did not confirm the revocation
   */
  void revoke(Disconnection disconnection) throws IOException;

  /**
   * What was disconnected.
   *
   * @param accountId the account the app was disconnected from
   * @param subject the person's {@code sub} at the authorization server, from the token that asked
   *     for the disconnection (the user id that servers' grant APIs take)
   * @param clientId the app's OAuth client id
   */
  record Disconnection(String accountId, String subject, String clientId) {
    public Disconnection {
      Objects.requireNonNull(accountId, "accountId == null");
      Objects.requireNonNull(subject, "subject == null");
      Objects.requireNonNull(clientId, "clientId == null");
    }
  }

  /**
   * An HTTP {@code DELETE} of {@code uriTemplate} with {@code {account}}, {@code {subject}} and
   * {@code {client}} replaced by the disconnection's values, each percent-encoded as one path
   * segment: e.g. Keycloak's {@code https://kc/admin/realms/r/users/{subject}/consents/{client}} or
   * Okta's {@code https://org.okta.com/api/v1/users/{subject}/clients/{client}/grants}.
   */
  static HttpDeleteGrantRevoker.Builder httpDelete(String uriTemplate) {
    return HttpDeleteGrantRevoker.builder(uriTemplate);
  }
}
