package dev.tollgate.testing.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks that need credentials: a given token is accepted; a token obtained with client credentials
 * from the advertised authorization server, for this resource (RFC 8707), is accepted; a token for
 * another audience is refused (RFC 8707, MCP "Token Audience Binding"); and any {@code
 * insufficient_scope} refusal seen names the scopes needed (RFC 6750 §3.1). With client credentials
 * but no other-audience token, the checker asks the authorization server for a token for another
 * resource itself.
 */
final class TokenChecks {
  /** A resource no server is: a token for it must be refused everywhere (RFC 8707). */
  static final String OTHER_RESOURCE = "https://other-resource.tollgate-check.invalid/mcp";

  static final String OTHER_AUDIENCE_CLAUSE =
      "RFC 8707, MCP authz: token for another audience -> 401 invalid_token";

  private TokenChecks() {}

  static void run(Session s) {
    if (s.token != null) {
      accepted(
          s, "token.valid", "MCP authz: a valid token is accepted (initialize -> 2xx)", s.token);
    }
    if (s.clientId != null && s.clientSecret != null) {
      clientCredentials(s, s.clientId, s.clientSecret);
    }
    if (s.otherAudienceToken != null) {
      otherAudience(s, s.otherAudienceToken);
    }
    insufficientScope(s);
  }

  private static void otherAudience(Session s, String token) {
    HttpResult result = s.probe.initialize(s.endpoint, Session.bearer(token));
    if (result.status() == 401 && "invalid_token".equals(RequestChecks.error(result))) {
      s.pass("token.other_audience", OTHER_AUDIENCE_CLAUSE, Session.summary(result));
    } else {
      s.fail(
          "token.other_audience",
          OTHER_AUDIENCE_CLAUSE,
          Session.summary(result)
              + (result.is2xx() ? ": a token meant for another resource was accepted" : ""));
    }
  }

  /**
   * Whether {@code token} is a JWT whose {@code aud} names {@code resource}: then the authorization
   * server ignored the requested resource and the token proves nothing about audience checks.
   * Opaque tokens cannot be looked into and count as not naming it.
   */
  static boolean audienceNames(String token, String resource) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode aud = claims == null ? null : claims.get("aud");
      if (aud == null) {
        return false;
      }
      if (aud.isTextual()) {
        return aud.asText().equals(resource);
      }
      for (JsonNode value : aud) {
        if (value.isTextual() && value.asText().equals(resource)) {
          return true;
        }
      }
      return false;
    } catch (IllegalArgumentException | java.io.IOException e) {
      return false;
    }
  }

  private static boolean accepted(Session s, String id, String clause, String token) {
    HttpResult result = s.probe.initialize(s.endpoint, Session.bearer(token));
    if (result.is2xx()) {
      s.pass(id, clause, result.describe());
      closeSession(s, result, token);
      return true;
    }
    WwwAuthenticate.Challenge bearer = Session.bearerChallenge(result);
    String hint = bearer == null ? null : TokenHints.hint(bearer.get("error_description"), token);
    s.fail(id, clause, Session.summary(result) + (hint == null ? "" : "; " + hint));
    return false;
  }

  /** Ends the MCP session an accepted initialize opened, as a well-behaved client does. */
  private static void closeSession(Session s, HttpResult result, String token) {
    String session = result.first("Mcp-Session-Id");
    if (session != null) {
      s.probe.delete(
          s.endpoint, Map.of("Authorization", "Bearer " + token, "Mcp-Session-Id", session));
    }
  }

  private static void clientCredentials(Session s, String clientId, String clientSecret) {
    String clause =
        "RFC 6749 §4.4, RFC 8707: client-credentials token for this resource is accepted";
    JsonNode as = s.authorizationServerMetadata;
    String tokenEndpoint = as == null ? null : Session.text(as, "token_endpoint");
    if (tokenEndpoint == null || !Session.isAbsoluteHttpUrl(tokenEndpoint)) {
      s.fail("token.client_credentials", clause, "no token endpoint discovered");
      return;
    }
    String scope = requestedScope(s);
    Optional<String> token =
        requestToken(
            s,
            URI.create(tokenEndpoint),
            clientId,
            clientSecret,
            scope,
            s.endpoint.toString(),
            true);
    if (token.isEmpty()) {
      return;
    }
    accepted(s, "token.client_credentials", clause, token.get());
    if (s.otherAudienceToken == null) {
      // The same client, asking for another resource (RFC 8707): the endpoint must refuse that
      // token.
      requestToken(
              s, URI.create(tokenEndpoint), clientId, clientSecret, scope, OTHER_RESOURCE, false)
          .ifPresentOrElse(
              other -> {
                if (audienceNames(other, s.endpoint.toString())) {
                  s.warn(
                      "token.other_audience",
                      OTHER_AUDIENCE_CLAUSE,
                      "not checked: the authorization server ignored resource=" + OTHER_RESOURCE);
                } else {
                  otherAudience(s, other);
                }
              },
              () ->
                  s.warn(
                      "token.other_audience",
                      OTHER_AUDIENCE_CLAUSE,
                      "not checked: no token issued for another resource; pass --other-audience-token"));
    }
    if (scope != null && !scope.isBlank()) {
      // A token without the advertised scope makes an insufficient_scope answer observable.
      requestToken(
              s,
              URI.create(tokenEndpoint),
              clientId,
              clientSecret,
              null,
              s.endpoint.toString(),
              false)
          .ifPresent(unscoped -> s.probe.initialize(s.endpoint, Session.bearer(unscoped)));
    }
  }

  /**
   * The scope an MCP client asks for (MCP authz, "Scope Selection Strategy"): the challenge's
   * {@code scope}, else the metadata's {@code scopes_supported}, else none.
   */
  private static @Nullable String requestedScope(Session s) {
    String fromChallenge = s.challenge == null ? null : s.challenge.get("scope");
    if (fromChallenge != null && !fromChallenge.isBlank()) {
      return fromChallenge;
    }
    JsonNode supported = s.metadata == null ? null : s.metadata.get("scopes_supported");
    if (supported == null || !supported.isArray() || supported.isEmpty()) {
      return null;
    }
    StringBuilder scopes = new StringBuilder();
    for (JsonNode scope : supported) {
      if (scope.isTextual() && ChallengeChecks.isScopeToken(scope.asText())) {
        scopes.append(scopes.length() == 0 ? "" : " ").append(scope.asText());
      }
    }
    return scopes.length() == 0 ? null : scopes.toString();
  }

  private static Optional<String> requestToken(
      Session s,
      URI tokenEndpoint,
      String clientId,
      String clientSecret,
      @Nullable String scope,
      String resource,
      boolean report) {
    String clause =
        "RFC 6749 §4.4, RFC 8707: client-credentials token for this resource is accepted";
    StringBuilder form =
        new StringBuilder("grant_type=client_credentials&resource=").append(encode(resource));
    if (scope != null && !scope.isBlank()) {
      form.append("&scope=").append(encode(scope));
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
    HttpResult result =
        s.probe.postForm(tokenEndpoint, form.toString(), Map.of("Authorization", "Basic " + basic));
    Optional<JsonNode> body = result.status() == 200 ? Session.json(result) : Optional.empty();
    String accessToken = body.map(b -> Session.text(b, "access_token")).orElse(null);
    if (accessToken == null || accessToken.isEmpty()) {
      String error = Session.json(result).map(b -> Session.text(b, "error")).orElse(null);
      if (report) {
        s.fail(
            "token.client_credentials",
            clause,
            "token endpoint: " + result.describe() + (error == null ? "" : ", error " + error));
      }
      return Optional.empty();
    }
    return Optional.of(accessToken);
  }

  private static void insufficientScope(Session s) {
    String clause = "RFC 6750 §3.1, MCP authz: insufficient_scope -> 403 with scope";
    for (HttpResult result : s.probe.seen()) {
      WwwAuthenticate.Challenge bearer = Session.bearerChallenge(result);
      if (result.status() != 403 || bearer == null || bearer.get("error") == null) {
        continue;
      }
      String error = bearer.get("error");
      String scope = bearer.get("scope");
      if (!"insufficient_scope".equals(error)) {
        s.fail("token.insufficient_scope", clause, "403 with error=\"" + error + "\"");
      } else if (scope == null || scope.isBlank()) {
        s.fail("token.insufficient_scope", clause, "403 insufficient_scope without scope");
      } else {
        s.pass(
            "token.insufficient_scope", clause, "403 insufficient_scope, scope=\"" + scope + "\"");
      }
      return;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
