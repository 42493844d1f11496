package dev.tollgate.servlet;

import dev.tollgate.Decision;
import dev.tollgate.RateLimitHeaders;
import dev.tollgate.config.CorsPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes every response the filter itself answers: refusals, metadata, preflights. Header values
 * come only from the {@link Decision}, the configuration and the request's own {@code Origin}
 * (echoed only when configuration lists it), never from anything else in the request.
 */
final class ResponseWriter {
  static final String JSON = "application/json";
  private static final String METADATA_METHODS = "GET, HEAD, OPTIONS";

  /** One hour: metadata changes only with a redeploy, and clients re-fetch it on every 401. */
  private static final String METADATA_CACHE = "public, max-age=3600";

  /** A fixed body: the refused origin is request data and is not echoed. */
  static final String ORIGIN_NOT_ALLOWED =
      "{\"error\":\"origin_not_allowed\",\"error_description\":"
          + "\"Requests from this origin are not allowed; see the allowed-origins setting\"}";

  private final CorsPolicy cors;

  ResponseWriter(CorsPolicy cors) {
    this.cors = cors;
  }

  /** A 400/401/403 refusal, readable by browser clients (RFC 6750 §3, MCP authorization). */
  void challenge(
      HttpServletRequest request, HttpServletResponse response, Decision.Challenge challenge)
      throws IOException {
    response.setStatus(challenge.status());
    if (challenge.wwwAuthenticate() != null) {
      response.setHeader("WWW-Authenticate", challenge.wwwAuthenticate());
    }
    crossOrigin(request, response, "WWW-Authenticate");
    json(response, challenge.jsonBody(), "no-store", true);
  }

  /** A 503: a dependency is down and the gate fails closed. */
  void unavailable(
      HttpServletRequest request, HttpServletResponse response, Decision.Unavailable unavailable)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", Long.toString(unavailable.retryAfterSeconds()));
    crossOrigin(request, response, "WWW-Authenticate, Retry-After");
    json(response, unavailable.jsonBody(), "no-store", true);
  }

  /**
   * A 429: too many failed attempts from this client (no resolver was asked), or the account is
   * over its request or concurrency limit (with the {@code RateLimit} fields).
   */
  void rateLimited(
      HttpServletRequest request, HttpServletResponse response, Decision.RateLimited limited)
      throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
    rateLimitFields(response, limited.rateLimit());
    crossOrigin(request, response, "WWW-Authenticate, Retry-After, RateLimit, RateLimit-Policy");
    json(response, limited.jsonBody(), "no-store", true);
  }

  /**
   * {@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers), if any.
   */
  void rateLimitFields(HttpServletResponse response, @Nullable RateLimitHeaders fields) {
    if (fields != null) {
      response.setHeader("RateLimit-Policy", fields.policy());
      response.setHeader("RateLimit", fields.limit());
    }
  }

  /**
   * CORS headers for a cross-origin request the application will answer, set before the chain runs
   * so the application may still override them.
   */
  void allowedCrossOrigin(HttpServletRequest request, HttpServletResponse response) {
    crossOrigin(request, response, "WWW-Authenticate, Mcp-Session-Id, RateLimit, RateLimit-Policy");
  }

  /** Whether the request's {@code Origin}, if any, may call a protected path. */
  boolean originAllowed(HttpServletRequest request) {
    return cors.allows(request.getHeader("Origin"));
  }

  /**
   * 403 to a preflight or request from an origin the policy does not allow, saying why. No CORS
   * headers: the page on that origin is not to read the endpoint's answers.
   */
  void originRefused(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    if (cors.variesByOrigin()) {
      response.addHeader("Vary", "Origin");
    }
    json(response, ORIGIN_NOT_ALLOWED, "no-store", true);
  }

  /** 204 to a preflight on a protected path from an allowed origin. */
  void preflight(HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    String allowOrigin = cors.allowOrigin(request.getHeader("Origin"));
    if (cors.variesByOrigin()) {
      response.addHeader("Vary", "Origin");
    }
    if (allowOrigin != null) {
      response.setHeader("Access-Control-Allow-Origin", allowOrigin);
      response.setHeader("Access-Control-Allow-Methods", CorsPolicy.ALLOW_METHODS);
      response.setHeader("Access-Control-Allow-Headers", cors.allowHeaders());
      response.setHeader("Access-Control-Max-Age", cors.maxAgeSeconds());
    }
  }

  /**
   * The RFC 9728 document. Public and the same for everyone, so any origin may read it and shared
   * caches may keep it.
   */
  void metadata(HttpServletRequest request, HttpServletResponse response, String json)
      throws IOException {
    String method = request.getMethod();
    response.setHeader("Access-Control-Allow-Origin", "*");
    switch (method) {
      case "GET", "HEAD" -> {
        response.setStatus(HttpServletResponse.SC_OK);
        json(response, json, METADATA_CACHE, method.equals("GET"));
      }
      case "OPTIONS" -> {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Allow", METADATA_METHODS);
        response.setHeader("Access-Control-Allow-Methods", METADATA_METHODS);
        response.setHeader("Access-Control-Allow-Headers", cors.allowHeaders());
        response.setHeader("Access-Control-Max-Age", cors.maxAgeSeconds());
      }
      default -> {
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", METADATA_METHODS);
        json(response, "{\"error\":\"method_not_allowed\"}", "no-store", true);
      }
    }
  }

  /**
   * For a cross-origin request (one with {@code Origin}) from an allowed origin: who may read the
   * answer, and which of its headers. A request without {@code Origin} (a native MCP client, a
   * server) gets neither: they mean nothing to its client, and every header costs the container an
   * encoding per response.
   */
  private void crossOrigin(
      HttpServletRequest request, HttpServletResponse response, String expose) {
    if (cors.variesByOrigin()) {
      response.addHeader("Vary", "Origin");
    }
    @Nullable String allowOrigin = cors.allowOrigin(request.getHeader("Origin"));
    if (allowOrigin != null) {
      response.setHeader("Access-Control-Allow-Origin", allowOrigin);
      response.setHeader("Access-Control-Expose-Headers", expose);
    }
  }

  private static void json(
      HttpServletResponse response, String body, String cacheControl, boolean withBody)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentType(JSON);
    response.setHeader("Cache-Control", cacheControl);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(bytes.length);
    if (withBody) {
      response.getOutputStream().write(bytes);
    }
    response.flushBuffer();
  }
}
