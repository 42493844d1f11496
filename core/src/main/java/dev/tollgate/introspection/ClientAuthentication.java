package dev.tollgate.introspection;

/**
 * How the resource server authenticates itself to the introspection endpoint (RFC 7662 §2.1, using
 * the client authentication methods of RFC 6749 §2.3.1).
 */
public enum ClientAuthentication {
  /** HTTP Basic with the form-encoded client id and secret: RFC 6749's recommended method. */
  CLIENT_SECRET_BASIC,
  /** {@code client_id} and {@code client_secret} as form parameters in the request body. */
  CLIENT_SECRET_POST
}
