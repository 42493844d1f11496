package dev.tollgate.bearer;

import java.util.Objects;

/**
 * An RFC 6750 §3.1 error: code, HTTP status and a human description. The description is checked
 * against RFC 6750's character set when the error is built, so nothing downstream has to escape it
 * and no request data can reach a header through it.
 */
public record BearerError(String code, int status, String description) {

  public static final String INVALID_REQUEST = "invalid_request";
  public static final String INVALID_TOKEN = "invalid_token";
  public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

  public BearerError {
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(description, "description == null");
    if (!isErrorValue(code) || code.isEmpty()) {
      throw new IllegalArgumentException("error code outside RFC 6750 character set");
    }
    if (!isErrorValue(description)) {
      throw new IllegalArgumentException("error description outside RFC 6750 character set");
    }
  }

  /** 400: the request itself is malformed (RFC 6750 §3.1). */
  public static BearerError invalidRequest(String description) {
    return new BearerError(INVALID_REQUEST, 400, description);
  }

  /** 401: the credential is expired, revoked, malformed or otherwise invalid. */
  public static BearerError invalidToken(String description) {
    return new BearerError(INVALID_TOKEN, 401, description);
  }

  /** 403: the credential is good but lacks a scope the operation needs. */
  public static BearerError insufficientScope(String description) {
    return new BearerError(INSUFFICIENT_SCOPE, 403, description);
  }

  /**
   * Whether {@code value} fits RFC 6750's {@code error} / {@code error_description} grammar: {@code
   * %x20-21 / %x23-5B / %x5D-7E}, i.e. printable ASCII without {@code "} and {@code \}.
   */
  public static boolean isErrorValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code scope} is an RFC 6749 §3.3 scope-token: {@code 1*( %x21 / %x23-5B / %x5D-7E )}.
   */
  public static boolean isScopeToken(String scope) {
    if (scope.isEmpty()) {
      return false;
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
