package dev.tollgate.account.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import dev.tollgate.bearer.AccountError;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.bearer.Challenges;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes every account endpoint response: JSON, never cached (it is personal, and may hold a key
 * shown once), readable cross-origin with the headers a page needs. Every error's status, code and
 * body come from core's table ({@link Challenges}, {@link AccountError}), so an account endpoint
 * refuses exactly as the gate does; this class only puts them on the wire.
 */
final class AccountResponses {
  static final String JSON_TYPE = "application/json";

  /**
   * What a page may read besides the safelisted headers: the challenge, the retry hint, the new
   * key's URL.
   */
  static final String EXPOSED_HEADERS = "WWW-Authenticate, Retry-After, Location";

  private static final String NOT_ELIGIBLE = "The account is not eligible for an API key";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Challenges challenges;

  AccountResponses(Challenges challenges) {
    this.challenges = challenges;
  }

  void json(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
    write(response, status, serialize(body));
  }

  void noContent(HttpServletResponse response) {
    common(response);
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  /** One of the account endpoints' own errors. */
  void error(HttpServletResponse response, AccountError error) throws IOException {
    refuse(response, challenges.accountError(error));
  }

  /** 405 with {@code Allow}: the methods the path's endpoints take. */
  void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
    response.setHeader("Allow", allow);
    error(response, AccountError.METHOD_NOT_ALLOWED);
  }

  /**
   * A 403 {@code entitlement_required} without a challenge, as the gate's own refusal; a
   * description outside RFC 6750's character set is replaced by a fixed one.
   */
  void entitlementRequired(
      HttpServletResponse response, @Nullable String description, @Nullable URI upgradeUri)
      throws IOException {
    refuse(response, challenges.entitlementRequired(safe(description), upgradeUri));
  }

  /** A refusal from the table, with its {@code WWW-Authenticate} where it has one. */
  void refuse(HttpServletResponse response, Decision.Challenge challenge) throws IOException {
    if (challenge.wwwAuthenticate() != null) {
      response.setHeader("WWW-Authenticate", challenge.wwwAuthenticate());
    }
    write(response, challenge.status(), challenge.jsonBody());
  }

  /** 503 with {@code Retry-After} in whole seconds, rounded up as the gate rounds it. */
  void unavailable(HttpServletResponse response, String dependency, Duration retryAfter)
      throws IOException {
    Decision.Unavailable unavailable = challenges.accountUnavailable(dependency, retryAfter);
    response.setHeader("Retry-After", Long.toString(unavailable.retryAfterSeconds()));
    write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, unavailable.jsonBody());
  }

  /** The eligibility policy's text is meant to be shown, but it must stay within RFC 6750's set. */
  static String safe(@Nullable String description) {
    return description != null && !description.isBlank() && BearerError.isErrorValue(description)
        ? description
        : NOT_ELIGIBLE;
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
