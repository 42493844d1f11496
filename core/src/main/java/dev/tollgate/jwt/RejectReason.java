package dev.tollgate.jwt;

/**
 * Why a JWT access token was refused, each with the fixed phrase sent as {@code error_description}.
 * Phrases are constant ASCII within RFC 6750's character set: they never carry token text or
 * exception text.
 */
enum RejectReason {
  MALFORMED("The access token is malformed"),
  ALGORITHM_NOT_ACCEPTED("The access token algorithm is not accepted"),
  KEY_REFERENCE_REFUSED("The access token header names a key source that is not trusted"),
  UNSUPPORTED_CRITICAL_HEADER("The access token has an unsupported critical header"),
  WRONG_TYPE("The access token type is not accepted"),
  ID_TOKEN("The token is an ID token, not an access token"),
  SIGNATURE_INVALID("The access token signature is invalid"),
  UNKNOWN_KEY("The access token was signed with an unknown key"),
  UNTRUSTED_ISSUER("The access token was issued by an untrusted issuer"),
  WRONG_AUDIENCE("The access token is not valid for this resource"),
  EXPIRED("The access token has expired"),
  NOT_YET_VALID("The access token is not yet valid"),
  ISSUED_IN_FUTURE("The access token was issued in the future"),
  MISSING_CLAIM("The access token lacks a required claim");

  private final String phrase;

  RejectReason(String phrase) {
    this.phrase = phrase;
  }

  /** The fixed, client-safe description. */
  String phrase() {
    return phrase;
  }
}
