package dev.tollgate.testing.check;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to an MCP {@code initialize} sent without any credential: a 401 whose {@code
 * WWW-Authenticate} lets a client discover everything else (MCP authorization, "Authorization
 * Server Location"; RFC 9728 §5.1; RFC 6750 §3), readable by browser clients (CORS).
 */
final class ChallengeChecks {
  private ChallengeChecks() {}

  static void run(Session s) {
    HttpResult result = s.probe.initialize(s.endpoint, Map.of("Origin", s.origin));
    s.unauthenticated = result;
    if (result.status() == 403 && result.body().contains("\"origin_not_allowed\"")) {
      // Not a fault of the server's authorization: the checker's own Origin is not admitted.
      s.fail(
          "unauthenticated.status",
          "MCP authz: no token -> 401 Unauthorized",
          "403 origin_not_allowed: the server does not admit Origin "
              + s.origin
              + "; run again with --origin set to an origin it allows");
      return;
    }
    if (result.status() == 401) {
      s.pass(
          "unauthenticated.status", "MCP authz: no token -> 401 Unauthorized", result.describe());
    } else {
      s.fail(
          "unauthenticated.status", "MCP authz: no token -> 401 Unauthorized", result.describe());
      if (result.status() == 0) {
        return;
      }
    }

    WwwAuthenticate header = WwwAuthenticate.parse(result.all("WWW-Authenticate"));
    WwwAuthenticate.Challenge bearer = header.bearer();
    String raw = String.join(" | ", result.all("WWW-Authenticate"));
    if (bearer == null) {
      s.fail(
          "challenge.scheme",
          "RFC 6750 §3: WWW-Authenticate with the Bearer scheme",
          raw.isEmpty() ? "no WWW-Authenticate header" : raw);
      return;
    }
    s.challenge = bearer;
    s.pass("challenge.scheme", "RFC 6750 §3: WWW-Authenticate with the Bearer scheme", raw);

    String unquoted =
        bearer.params().stream()
            .filter(p -> !p.quoted())
            .map(WwwAuthenticate.Param::name)
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    String repeated =
        bearer.params().stream()
            .map(p -> p.name().toLowerCase(Locale.ROOT))
            .filter(name -> bearer.count(name) > 1)
            .distinct()
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    if (!unquoted.isEmpty()) {
      s.fail(
          "challenge.syntax",
          "RFC 6750 §3: auth-param values are quoted strings",
          "unquoted: " + unquoted);
    } else if (!repeated.isEmpty()) {
      s.fail(
          "challenge.syntax",
          "RFC 6750 §3: no attribute appears more than once",
          "repeated: " + repeated);
    } else {
      s.pass(
          "challenge.syntax",
          "RFC 6750 §3: auth-param values are quoted strings",
          bearer.params().size() + " quoted params");
    }

    String metadataUrl = bearer.get("resource_metadata");
    if (metadataUrl == null) {
      s.fail(
          "challenge.resource_metadata",
          "RFC 9728 §5.1: challenge carries resource_metadata",
          "absent");
    } else if (!Session.isAbsoluteHttpUrl(metadataUrl)) {
      s.fail(
          "challenge.resource_metadata",
          "RFC 9728 §5.1: resource_metadata is an absolute URL",
          metadataUrl);
    } else {
      s.pass(
          "challenge.resource_metadata",
          "RFC 9728 §5.1: challenge carries resource_metadata",
          metadataUrl);
    }

    String scope = bearer.get("scope");
    if (scope == null || scope.isBlank()) {
      s.warn(
          "challenge.scope", "MCP authz (scope selection): challenge SHOULD carry scope", "absent");
    } else {
      boolean valid = Arrays.stream(scope.split(" ")).allMatch(ChallengeChecks::isScopeToken);
      if (valid) {
        s.pass("challenge.scope", "MCP authz (scope selection): challenge carries scope", scope);
      } else {
        s.fail("challenge.scope", "RFC 6749 §3.3: scope is space-separated scope tokens", scope);
      }
    }

    String error = bearer.get("error");
    if (error == null) {
      s.pass(
          "challenge.no_error", "RFC 6750 §3.1: no error attribute when no token was sent", "none");
    } else {
      s.fail(
          "challenge.no_error",
          "RFC 6750 §3.1: no error attribute when no token was sent",
          "error=\"" + error + "\"");
    }

    String allowOrigin = result.first("Access-Control-Allow-Origin");
    String expose = String.join(",", result.all("Access-Control-Expose-Headers"));
    boolean exposes =
        Arrays.stream(expose.split(","))
            .map(String::trim)
            .anyMatch(h -> h.equalsIgnoreCase("WWW-Authenticate") || h.equals("*"));
    if (!exposes) {
      s.fail(
          "cors.challenge",
          "Fetch CORS: 401 exposes WWW-Authenticate (Access-Control-Expose-Headers)",
          expose.isEmpty() ? "no Access-Control-Expose-Headers" : expose);
    } else if (allowOrigin == null) {
      s.warn(
          "cors.challenge",
          "Fetch CORS: 401 readable by browser clients",
          "exposes WWW-Authenticate but no Access-Control-Allow-Origin for " + s.origin);
    } else {
      s.pass(
          "cors.challenge",
          "Fetch CORS: 401 exposes WWW-Authenticate (Access-Control-Expose-Headers)",
          "Allow-Origin " + allowOrigin + ", Expose " + expose);
    }
  }

  /** RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E. */
  static boolean isScopeToken(String scope) {
    if (scope.isEmpty()) {
      return false;
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
