package dev.tollgate;

/** The sort of credential a principal was resolved from. */
public enum CredentialKind {
  /** An OAuth 2.1 access token: a JWT (RFC 9068) or an opaque token checked by introspection. */
  ACCESS_TOKEN,
  /** A long-lived API key issued to one account. */
  API_KEY
}
