package dev.tollgate.account.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes every account endpoint response: JSON, never cached (it is personal, and may hold a key
 * shown once), readable cross-origin with the headers a page needs. Error bodies have the filter's
 * shape, {@code {"error", "error_description"}}, with fixed descriptions only.
 */
final class AccountResponses {
  static final String JSON_TYPE = "application/json";

  /**
   * What a page may read besides the safelisted headers: the challenge, the retry hint, the new
   * key's URL.
   */
  static final String EXPOSED_HEADERS = "WWW-Authenticate, Retry-After, Location";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AccountResponses() {}

  static void json(HttpServletResponse response, int status, Map<String, ?> body)
      throws IOException {
    write(response, status, serialize(body));
  }

  static void noContent(HttpServletResponse response) {
    common(response);
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  static void error(HttpServletResponse response, int status, String error, String description)
      throws IOException {
    json(response, status, errorBody(error, description, null));
  }

  /** A 403 {@code entitlement_required} without a challenge, as the gate's own refusal. */
  static void entitlementRequired(
      HttpServletResponse response, String description, @Nullable URI upgradeUri)
      throws IOException {
    json(response, 403, errorBody("entitlement_required", description, upgradeUri));
  }

  /** A refusal built by the core's challenge table (403 {@code insufficient_scope}). */
  static void challenge(HttpServletResponse response, Decision.Challenge challenge)
      throws IOException {
    if (challenge.wwwAuthenticate() != null) {
      response.setHeader("WWW-Authenticate", challenge.wwwAuthenticate());
    }
    write(response, challenge.status(), challenge.jsonBody());
  }

  static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
    response.setHeader("Allow", allow);
    error(response, 405, "method_not_allowed", "This endpoint does not support this method");
  }

  static void unavailable(HttpServletResponse response, Duration retryAfter) throws IOException {
    long seconds = Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    response.setHeader("Retry-After", Long.toString(seconds));
    error(
        response,
        503,
        "temporarily_unavailable",
        "The account service cannot answer right now; retry after the time in Retry-After");
  }

  static Map<String, Object> errorBody(String error, String description, @Nullable URI upgradeUri) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    if (upgradeUri != null) {
      body.put("upgrade_uri", upgradeUri.toString());
    }
    return body;
  }

  private static void write(HttpServletResponse response, int status, String body)
      throws IOException {
    common(response);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(JSON_TYPE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void common(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }

  private static String serialize(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "maps of strings, numbers, booleans and lists always serialize", e);
    }
  }
}
