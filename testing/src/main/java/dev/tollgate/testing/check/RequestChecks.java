package dev.tollgate.testing.check;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Requests a careless server mishandles: malformed Authorization headers (RFC 6750 §3.1), a token
 * in the query string (RFC 6750 §2.3, forbidden by MCP), and spoofed {@code Host} / {@code
 * X-Forwarded-*} headers that must never leak into the metadata or the challenge (RFC 9728 §3.3:
 * the resource is what the server is configured as, not what a request claims).
 */
final class RequestChecks {
  /** A host no server is configured as; seeing it in an answer means the request was reflected. */
  static final String SPOOFED_HOST = "attacker.tollgate-check.invalid";

  /** Well-formed JWS shape, garbage content: must be refused as a token, not as a request. */
  static final String GARBAGE_TOKEN = "garbage.token.x";

  private RequestChecks() {}

  static void run(Session s) {
    malformedHeader(s);
    garbageToken(s);
    queryToken(s);
    spoofedHost(s);
    forwardedHeaders(s);
  }

  private static void malformedHeader(Session s) {
    HttpResult result = s.probe.initialize(s.endpoint, Map.of("Authorization", "Bearer a b"));
    String clause = "RFC 6750 §3.1: malformed Authorization (Bearer a b) -> 400 invalid_request";
    String error = error(result);
    if (result.status() == 400 && "invalid_request".equals(error)) {
      s.pass("request.malformed", clause, Session.summary(result));
    } else if (result.status() == 401 && error != null) {
      s.warn(
          "request.malformed", clause, Session.summary(result) + " (refused, but SHOULD be 400)");
    } else {
      s.fail("request.malformed", clause, Session.summary(result));
    }
  }

  private static void garbageToken(Session s) {
    HttpResult result = s.probe.initialize(s.endpoint, Session.bearer(GARBAGE_TOKEN));
    String clause = "RFC 6750 §3.1: bad token (Bearer garbage.token.x) -> 401 invalid_token";
    if (result.status() == 401 && "invalid_token".equals(error(result))) {
      s.pass("token.garbage", clause, Session.summary(result));
    } else {
      s.fail("token.garbage", clause, Session.summary(result));
    }
  }

  private static void queryToken(Session s) {
    boolean real = s.token != null;
    String sent = real ? s.token : GARBAGE_TOKEN;
    URI withQuery =
        withQuery(
            s.endpoint,
            "access_token="
                + java.net.URLEncoder.encode(sent, java.nio.charset.StandardCharsets.UTF_8));
    HttpResult result = s.probe.initialize(withQuery, Map.of());
    String clause = "MCP authz, RFC 6750 §2.3: token in the query string never accepted";
    if (result.is2xx()) {
      s.fail(
          "token.query",
          clause,
          Session.summary(result) + (real ? ": the valid token was accepted from the query" : ""));
    } else if (result.status() == 401 && error(result) == null) {
      s.pass(
          "token.query",
          clause,
          Session.summary(result)
              + " (treated as no credential)"
              + (real ? "" : "; pass --token to try a valid one"));
    } else if (result.status() == 400 || result.status() == 401) {
      s.warn(
          "token.query",
          clause,
          Session.summary(result) + ": refused, but the query token was read");
    } else {
      s.fail("token.query", clause, Session.summary(result));
    }
  }

  private static void spoofedHost(Session s) {
    String clause = "RFC 9728 §3.3: spoofed Host never reflected in metadata or challenge";
    URI metadataUrl = MetadataChecks.pathSuffixedUrl(s.endpoint);
    HttpResult metadata =
        RawHttp.send(
            metadataUrl,
            "GET",
            SPOOFED_HOST,
            Map.of("Accept", "application/json"),
            null,
            s.probe.timeout());
    HttpResult challenge =
        RawHttp.send(
            s.endpoint,
            "POST",
            SPOOFED_HOST,
            Map.of(
                "Content-Type",
                "application/json",
                "Accept",
                "application/json, text/event-stream"),
            Probe.INITIALIZE,
            s.probe.timeout());
    judgeReflection(s, "spoof.host", clause, metadata, challenge);
  }

  private static void forwardedHeaders(Session s) {
    String clause = "RFC 9728 §3.3: X-Forwarded-Host/-Proto, Forwarded never reflected";
    String proto = "https".equalsIgnoreCase(s.endpoint.getScheme()) ? "http" : "https";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Forwarded-Host", SPOOFED_HOST);
    headers.put("X-Forwarded-Proto", proto);
    headers.put("X-Forwarded-Port", "4443");
    headers.put("Forwarded", "host=" + SPOOFED_HOST + ";proto=" + proto);
    HttpResult metadata = s.probe.get(MetadataChecks.pathSuffixedUrl(s.endpoint), headers);
    HttpResult challenge = s.probe.initialize(s.endpoint, headers);
    judgeReflection(s, "spoof.forwarded", clause, metadata, challenge);
  }

  private static void judgeReflection(
      Session s, String id, String clause, HttpResult metadata, HttpResult challenge) {
    String baselineMetadataUrl = s.challenge == null ? null : s.challenge.get("resource_metadata");
    StringBuilder problems = new StringBuilder();
    if (reflects(metadata)) {
      problems.append("metadata mentions the spoofed host; ");
    }
    if (metadata.status() == 200) {
      String resource =
          Session.json(metadata).map(doc -> Session.text(doc, "resource")).orElse(null);
      if (resource != null && !resource.equals(s.endpoint.toString())) {
        problems.append("metadata resource became ").append(resource).append("; ");
      }
    }
    if (reflects(challenge)) {
      problems.append("challenge mentions the spoofed host; ");
    }
    WwwAuthenticate.Challenge bearer = Session.bearerChallenge(challenge);
    String spoofedUrl = bearer == null ? null : bearer.get("resource_metadata");
    if (baselineMetadataUrl != null
        && spoofedUrl != null
        && !spoofedUrl.equals(baselineMetadataUrl)) {
      problems.append("resource_metadata became ").append(spoofedUrl).append("; ");
    }
    if (problems.length() > 0) {
      s.fail(id, clause, problems.toString().trim());
    } else {
      s.pass(
          id,
          clause,
          "metadata "
              + metadata.describe()
              + ", challenge "
              + challenge.describe()
              + ", nothing reflected");
    }
  }

  private static boolean reflects(HttpResult result) {
    StringBuilder all = new StringBuilder(result.body());
    result.headers().forEach((name, values) -> values.forEach(v -> all.append('\n').append(v)));
    return all.toString().toLowerCase(Locale.ROOT).contains(SPOOFED_HOST);
  }

  static URI withQuery(URI uri, String query) {
    String base = uri.toString();
    int hash = base.indexOf('#');
    if (hash >= 0) {
      base = base.substring(0, hash);
    }
    return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + query);
  }

  static @Nullable String error(HttpResult result) {
    WwwAuthenticate.Challenge bearer = Session.bearerChallenge(result);
    return bearer == null ? null : bearer.get("error");
  }
}
