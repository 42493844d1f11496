package dev.tollgate.example.soak;

import java.net.http.HttpResponse;

/**
 * What the gate answered, read from the response. A request the gate let through reaches the
 * example's session binding, which answers 404 "Session not found" for the made-up session id every
 * soak request carries: so the MCP SDK opens no session per request, and the heap measures the
 * gate.
 */
enum Outcome {
  ALLOWED,
  /** 401 with {@code error="invalid_token"}. */
  INVALID_TOKEN,
  /** 403 with {@code entitlement_required}. */
  ENTITLEMENT_REQUIRED,
  /** 503 with {@code Retry-After}. */
  UNAVAILABLE,
  RATE_LIMITED,
  OTHER_STATUS,
  /** Any other 5xx, or a 503 without {@code Retry-After}. */
  SERVER_ERROR,
  /** No response: connection error or the client's timeout. */
  NO_ANSWER;

  static Outcome of(HttpResponse<String> response) {
    int status = response.statusCode();
    String body = response.body();
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    if (status == 404 && body.contains("Session not found")) {
      return ALLOWED;
    }
    if (status == 401 && challenge.contains("error=\"invalid_token\"")) {
      return INVALID_TOKEN;
    }
    if (status == 403 && body.contains("entitlement_required")) {
      return ENTITLEMENT_REQUIRED;
    }
    if (status == 503 && response.headers().firstValue("Retry-After").isPresent()) {
      return UNAVAILABLE;
    }
    if (status == 429) {
      return RATE_LIMITED;
    }
    return status >= 500 ? SERVER_ERROR : OTHER_STATUS;
  }
}
