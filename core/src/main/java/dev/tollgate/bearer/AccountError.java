package dev.tollgate.bearer;

/**
 * The account endpoints' own errors (module {@code tollgate-account}): the refusals where neither
 * the credential nor its scopes are at fault, so none carries a challenge. They share the gate's
 * body, {@code {"error", "error_description"}} with a fixed description, through {@link
 * Challenges#accountError(AccountError)}; the account endpoints' 401, 403 and 503 are the gate's
 * own ({@link Challenges#error}, {@link Challenges#clientNotAllowed}, {@link
 * Challenges#entitlementRequired}, {@link Challenges#accountUnavailable}).
 *
 * <table>
 *   <caption>Account endpoint errors</caption>
 *   <tr><th>situation</th><th>status</th><th>{@code error}</th></tr>
 *   <tr><td>no endpoint at the path</td><td>404</td><td>{@code not_found}</td></tr>
 *   <tr><td>the endpoint does not take the method (sent with {@code Allow})</td><td>405</td><td>{@code method_not_allowed}</td></tr>
 *   <tr><td>the {@code {clientId}} path segment is not a client id</td><td>400</td><td>{@code invalid_request}</td></tr>
 *   <tr><td>the account already has an API key</td><td>409</td><td>{@code api_key_exists}</td></tr>
 *   <tr><td>the account has no API key</td><td>404</td><td>{@code api_key_not_found}</td></tr>
 *   <tr><td>no such app is connected</td><td>404</td><td>{@code connection_not_found}</td></tr>
 *   <tr><td>no such app is disconnected</td><td>404</td><td>{@code disconnection_not_found}</td></tr>
 *   <tr><td>reached without the gate in front, or failed unexpectedly</td><td>500</td><td>{@code server_error}</td></tr>
 * </table>
 */
public enum AccountError {
  /** No account endpoint at the path. */
  NO_SUCH_ENDPOINT(404, "not_found", "There is no account endpoint at this path"),
  /** An endpoint at the path, but not for the method; answered with {@code Allow}. */
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "This endpoint does not support this method"),
  /** The {@code {clientId}} path segment does not decode to a valid client id. */
  INVALID_CLIENT_ID(400, BearerError.INVALID_REQUEST, "The path does not hold a valid client id"),
  /** A second key was asked for; the account has one key at most. */
  API_KEY_EXISTS(409, "api_key_exists", "The account already has an API key; renew or revoke it"),
  /** The key to renew or revoke does not exist. */
  API_KEY_NOT_FOUND(404, "api_key_not_found", "The account has no API key"),
  /** The app to disconnect is not connected to the account. */
  CONNECTION_NOT_FOUND(
      404, "connection_not_found", "No app with this client id is connected to the account"),
  /** The app to reconnect is not disconnected from the account. */
  DISCONNECTION_NOT_FOUND(
      404,
      "disconnection_not_found",
      "No app with this client id is disconnected from the account"),
  /** The endpoints were reached without an authenticating gate in front: nothing is done. */
  NOT_CONFIGURED(500, "server_error", "The account endpoints are not configured"),
  /** A bug or an unexpected store failure; the details are logged, never sent. */
  FAILED(500, "server_error", "The account service failed");

  private final int status;
  private final String code;
  private final String description;

  AccountError(int status, String code, String description) {
    if (!BearerError.isErrorValue(code) || !BearerError.isErrorValue(description)) {
      throw new IllegalArgumentException("outside RFC 6750's character set: " + code);
    }
    this.status = status;
    this.code = code;
    this.description = description;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The body's {@code error} code. */
  public String code() {
    return code;
  }

  /** The body's {@code error_description}: a fixed phrase. */
  public String description() {
    return description;
  }
}
