package dev.tollgate.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of {@link LocalIssuer}: JWK set, RFC 8414 metadata, authorization endpoint and
 * token endpoint. Errors follow RFC 6749 §5.2; only what tests and MCP clients use is implemented.
 */
final class IssuerEndpoints {
  static final String JWKS_PATH = "/jwks";
  static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
  static final String TOKEN_PATH = "/token";
  static final String AUTHORIZE_PATH = "/authorize";

  /** Request bodies past this are refused: a token request is a few hundred bytes. */
  private static final int MAX_BODY = 16 * 1024;

  /** Codes live one minute (RFC 6749 §4.1.2 recommends at most ten) and are used once. */
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalIssuer issuer;
  private final IssuerKeys keys;
  private final Map<String, byte[]> clientSecretHashes = new ConcurrentHashMap<>();
  private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();

  private record PendingCode(
      String clientId,
      String redirectUri,
      String challenge,
      String subject,
      @Nullable String scope,
      @Nullable String resource,
      Instant expiresAt) {}

  IssuerEndpoints(LocalIssuer issuer, IssuerKeys keys) {
    this.issuer = issuer;
    this.keys = keys;
  }

  void register(HttpServer server) {
    server.createContext(JWKS_PATH, exchange -> handle(exchange, "GET", this::jwks));
    server.createContext(METADATA_PATH, exchange -> handle(exchange, "GET", this::metadata));
    server.createContext(AUTHORIZE_PATH, exchange -> handle(exchange, "GET", this::authorize));
    server.createContext(TOKEN_PATH, exchange -> handle(exchange, "POST", this::token));
  }

  void registerClient(String clientId, String clientSecret) {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientId and clientSecret must not be blank");
    }
    clientSecretHashes.put(clientId, sha256(clientSecret));
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static void handle(HttpExchange exchange, String method, Handler handler)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!path.equals(exchange.getHttpContext().getPath())) {
        send(exchange, 404, Map.of("error", "not_found"), false);
      } else if (!exchange.getRequestMethod().equals(method)) {
        exchange.getResponseHeaders().set("Allow", method);
        send(exchange, 405, Map.of("error", "method_not_allowed"), false);
      } else {
        try {
          handler.handle(exchange);
        } catch (IllegalArgumentException e) {
          // A URI parameter that does not parse: the client's fault, answered as such.
          send(exchange, 400, error("invalid_request", "a parameter is not a valid URI"), false);
        }
      }
    }
  }

  private void jwks(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
    byte[] body = keys.jwksJson().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  private void metadata(HttpExchange exchange) throws IOException {
    String base = issuer.issuerString();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("issuer", base);
    metadata.put("authorization_endpoint", base + AUTHORIZE_PATH);
    metadata.put("token_endpoint", base + TOKEN_PATH);
    metadata.put("jwks_uri", base + JWKS_PATH);
    metadata.put("response_types_supported", List.of("code"));
    metadata.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
    metadata.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "none"));
    metadata.put("code_challenge_methods_supported", List.of("S256"));
    metadata.put("authorization_response_iss_parameter_supported", true);
    send(exchange, 200, metadata, true);
  }

  /** Approves at once (RFC 6749 §4.1.1), acting for {@code login_hint}; PKCE S256 required. */
  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> params = FormParameters.parse(exchange.getRequestURI().getRawQuery());
    String redirectUri = params.get("redirect_uri");
    String clientId = params.get("client_id");
    if (clientId == null || redirectUri == null || !URI.create(redirectUri).isAbsolute()) {
      // Without a trustworthy redirect URI the error goes to the browser, not the client.
      send(
          exchange,
          400,
          error("invalid_request", "client_id and an absolute redirect_uri are required"),
          false);
      return;
    }
    String state = params.get("state");
    if (!"code".equals(params.get("response_type"))) {
      redirect(exchange, redirectUri, Map.of("error", "unsupported_response_type"), state);
      return;
    }
    String challenge = params.get("code_challenge");
    if (challenge == null || !"S256".equals(params.get("code_challenge_method"))) {
      redirect(
          exchange,
          redirectUri,
          Map.of("error", "invalid_request", "error_description", "PKCE with S256 is required"),
          state);
      return;
    }
    String subject = LocalIssuer.blankToNull(params.get("login_hint"));
    String code = randomToken();
    codes.put(
        code,
        new PendingCode(
            clientId,
            redirectUri,
            challenge,
            subject != null ? subject : AccessTokenBuilder.DEFAULT_SUBJECT,
            params.get("scope"),
            params.get("resource"),
            issuer.clock().instant().plus(CODE_LIFETIME)));
    redirect(exchange, redirectUri, Map.of("code", code), state);
  }

  private void token(HttpExchange exchange) throws IOException {
    byte[] raw = readBody(exchange.getRequestBody());
    if (raw == null) {
      send(exchange, 413, error("invalid_request", "request too large"), false);
      return;
    }
    Map<String, String> params = FormParameters.parse(new String(raw, StandardCharsets.UTF_8));
    String grant = params.getOrDefault("grant_type", "");
    FormParameters.ClientAuth auth =
        FormParameters.ClientAuth.of(
            exchange.getRequestHeaders().getFirst("Authorization"), params);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (grant.equals("client_credentials")) {
      if (auth == null || auth.secret() == null || !secretMatches(auth.clientId(), auth.secret())) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"token\"");
        send(exchange, 401, error("invalid_client", "client authentication failed"), false);
        return;
      }
      issue(
          exchange, auth.clientId(), auth.clientId(), params.get("scope"), params.get("resource"));
    } else if (grant.equals("authorization_code")) {
      PendingCode pending = codes.remove(params.getOrDefault("code", ""));
      String clientId = auth != null ? auth.clientId() : params.get("client_id");
      boolean confidential = clientId != null && clientSecretHashes.containsKey(clientId);
      if (pending == null
          || clientId == null
          || pending.expiresAt().isBefore(issuer.clock().instant())
          || !pending.clientId().equals(clientId)
          || !pending.redirectUri().equals(params.get("redirect_uri"))
          || !pkceMatches(pending.challenge(), params.get("code_verifier"))
          || (confidential
              && (auth == null
                  || auth.secret() == null
                  || !secretMatches(clientId, auth.secret())))) {
        send(
            exchange,
            400,
            error(
                "invalid_grant", "the code, client, redirect_uri or code_verifier does not match"),
            false);
        return;
      }
      String resource = params.getOrDefault("resource", pending.resource());
      String scope = params.getOrDefault("scope", pending.scope());
      issue(exchange, pending.subject(), pending.clientId(), scope, resource);
    } else {
      send(
          exchange,
          400,
          error("unsupported_grant_type", "only client_credentials and authorization_code"),
          false);
    }
  }

  private void issue(
      HttpExchange exchange,
      String subject,
      String clientId,
      @Nullable String scope,
      @Nullable String resource)
      throws IOException {
    URI audience = issuer.resource();
    if (resource != null) {
      URI requested = URI.create(resource);
      if (!requested.isAbsolute() || requested.getRawFragment() != null) {
        send(
            exchange,
            400,
            error("invalid_target", "resource must be an absolute URI without fragment"),
            false);
        return;
      }
      audience = requested;
    }
    AccessTokenBuilder builder = issuer.token(audience).subject(subject).clientId(clientId);
    String granted = LocalIssuer.blankToNull(scope);
    if (granted != null) {
      builder.scopes(granted.trim().split(" +"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", builder.sign());
    body.put("token_type", "Bearer");
    body.put("expires_in", AccessTokenBuilder.DEFAULT_LIFETIME.toSeconds());
    if (granted != null) {
      body.put("scope", granted.trim());
    }
    send(exchange, 200, body, false);
  }

  private boolean secretMatches(String clientId, String secret) {
    byte[] expected = clientSecretHashes.get(clientId);
    return expected != null && MessageDigest.isEqual(expected, sha256(secret));
  }

  private static boolean pkceMatches(String challenge, @Nullable String verifier) {
    if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
      return false;
    }
    String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    return MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII),
        challenge.getBytes(StandardCharsets.US_ASCII));
  }

  private void redirect(
      HttpExchange exchange, String redirectUri, Map<String, String> params, @Nullable String state)
      throws IOException {
    StringBuilder location =
        new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
    Map<String, String> all = new LinkedHashMap<>(params);
    if (state != null) {
      all.put("state", state);
    }
    all.put("iss", issuer.issuerString());
    all.forEach(
        (name, value) ->
            location
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
                .append('&'));
    location.setLength(location.length() - 1);
    exchange.getResponseHeaders().set("Location", location.toString());
    exchange.sendResponseHeaders(302, -1);
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, ?> body, boolean publicDocument)
      throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialize", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (publicDocument) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> error(String code, String description) {
    return Map.of("error", code, "error_description", description);
  }

  private static byte @Nullable [] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    return body.length > MAX_BODY ? null : body;
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
