package dev.tollgate.testing.check;

/** One deliberate mistake a {@link GateServer} makes; each is what some real server gets wrong. */
enum Fault {
  /** Lets every request through, authenticated or not. */
  NO_AUTHENTICATION,
  /** Sends 401 without any WWW-Authenticate header. */
  NO_WWW_AUTHENTICATE,
  /** Leaves resource_metadata out of the challenge. */
  NO_RESOURCE_METADATA,
  /** Sends scope and resource_metadata unquoted. */
  UNQUOTED_CHALLENGE,
  /** Leaves scope out of the challenge. */
  NO_SCOPE_IN_CHALLENGE,
  /** Adds error="invalid_token" although no token was sent. */
  ERROR_WITHOUT_TOKEN,
  /** Serves no metadata at all. */
  NO_METADATA,
  /** Metadata names another resource than the endpoint. */
  METADATA_RESOURCE_MISMATCH,
  /** Metadata offers the query string as a way to send tokens. */
  METADATA_OFFERS_QUERY,
  /** No CORS headers anywhere. */
  NO_CORS,
  /** Builds the metadata's resource from the request's Host header. */
  HOST_REFLECTED,
  /** Builds the metadata's resource from X-Forwarded-Host / X-Forwarded-Proto. */
  FORWARDED_REFLECTED,
  /** Takes an access_token query parameter as the credential. */
  QUERY_TOKEN_ACCEPTED,
  /** Accepts tokens whose audience is another resource. */
  OTHER_AUDIENCE_ACCEPTED,
  /** Answers a malformed Authorization header with 500. */
  MALFORMED_HEADER_CRASHES,
  /** Answers a token it cannot parse with 400 instead of 401 invalid_token. */
  BAD_TOKEN_AS_400,
  /** Advertises itself as the authorization server, whose metadata lacks PKCE S256. */
  AUTHORIZATION_SERVER_WITHOUT_PKCE,
  /** Advertises itself as the authorization server, whose metadata names another issuer. */
  AUTHORIZATION_SERVER_ISSUER_MISMATCH,
  /** Sends 403 insufficient_scope without the scope attribute. */
  INSUFFICIENT_SCOPE_WITHOUT_SCOPE
}
