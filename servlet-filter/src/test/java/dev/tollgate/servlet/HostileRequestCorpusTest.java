package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.apikey.ApiKey;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyRecord;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import dev.tollgate.testsupport.RawHttp;
import dev.tollgate.testsupport.TomcatServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile requests, sent as raw bytes to the real {@link TollgateFilter} on embedded
 * Tomcat, in front of a real JWT resolver (keys from a loopback JWKS endpoint) and API keys in
 * memory. Each case names the exact status, error code, description and challenge, and the
 * protected servlet must never be reached. Threats: RFC 8725 §2-3 (algorithm and key confusion,
 * header key references, crit, compression), RFC 9068 §4 (type confusion), RFC 6750 §2.1 header
 * grammar, RFC 7519 claim edges, oversized and nested tokens, API-key near misses, and spoofed
 * {@code Host} / {@code X-Forwarded-*}.
 */
class HostileRequestCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Marks a request Tomcat refuses itself, before any filter runs: no challenge, any body. */
  private static final String CONTAINER = "(container)";

  private static final String MISSING = "missing_credential";
  private static final String INVALID_REQUEST = "invalid_request";
  private static final String INVALID_TOKEN = "invalid_token";

  private static final String MALFORMED = "The access token is malformed";

  /** What a chain of resolvers answers when none of them claims the credential. */
  private static final String NOT_RECOGNISED = "The credential is not recognised";

  private static final String KEY_REFERENCE =
      "The access token header names a key source that is not trusted";
  private static final String ALGORITHM = "The access token algorithm is not accepted";
  private static final String WRONG_TYPE = "The access token type is not accepted";
  private static final String SIGNATURE = "The access token signature is invalid";
  private static final String UNKNOWN_KEY = "The access token was signed with an unknown key";
  private static final String API_KEY_INVALID = "The API key is invalid";
  private static final String API_KEY_MALFORMED = "The API key is malformed";

  private static HttpServer jwks;
  private static TomcatServer server;
  private static McpServlet mcp;
  private static String resource;
  private static HostileTokens tokens;
  private static String liveKey;
  private static String revokedKey;

  @BeforeAll
  static void start() throws IOException {
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    mcp = new McpServlet();
    ApiKeyStore store = ApiKeyStore.inMemory();
    liveKey = issue(store, "acct-live");
    revokedKey = issue(store, "acct-revoked");
    store.delete("acct-revoked");
    server =
        TomcatServer.start(
            (context, base) -> {
              resource = base.resolve("/mcp").toString();
              tokens = new HostileTokens(resource);
              byte[] keys = tokens.jwksJson().getBytes(StandardCharsets.UTF_8);
              jwks.createContext(
                  "/jwks",
                  exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, keys.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                      out.write(keys);
                    }
                  });
              jwks.start();
              Tollgate gate =
                  Tollgate.builder()
                      .resource(URI.create(resource))
                      .authorizationServer(URI.create(HostileTokens.ISSUER))
                      .requiredScopes(Set.of("mcp"))
                      .resolver(
                          JwtAccessTokenResolver.builder()
                              .issuer(HostileTokens.ISSUER)
                              .audience(resource)
                              .jwksUri(
                                  URI.create(
                                      "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"))
                              .build())
                      .resolver(ApiKeyResolver.builder(store).scopes(Set.of("mcp")).build())
                      .build();
              TomcatServer.filter(context, "tollgate", new TollgateFilter(gate), "/mcp");
              TomcatServer.servlet(context, "mcp", mcp, "/mcp");
            });
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  /** One hostile request and exactly what must come back. */
  record Case(
      String id, List<String> head, int status, String error, @Nullable String description) {
    @Override
    public String toString() {
      return id;
    }
  }

  static Stream<Case> corpus() {
    HostileTokens t = tokens;
    String claims = t.claims();
    String attackerJwk = t.attacker.toPublicJWK().toJSONString();
    List<Case> cases = new ArrayList<>();

    // RFC 8725 §2.1, §3.1-3.2: algorithms.
    cases.add(
        bearer(
            "alg-none-empty-signature",
            HostileTokens.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")
                + "."
                + HostileTokens.b64(claims)
                + ".",
            401,
            INVALID_TOKEN,
            NOT_RECOGNISED));
    cases.add(
        bearer(
            "alg-none-with-signature",
            HostileTokens.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")
                + "."
                + HostileTokens.b64(claims)
                + ".c2ln",
            401,
            INVALID_TOKEN,
            ALGORITHM));
    cases.add(
        bearer(
            "alg-NoNe-mixed-case",
            HostileTokens.b64("{\"alg\":\"NoNe\",\"typ\":\"at+jwt\"}")
                + "."
                + HostileTokens.b64(claims)
                + ".c2ln",
            401,
            INVALID_TOKEN,
            ALGORITHM));
    cases.add(
        bearer(
            "hs256-keyed-with-rsa-public-key",
            t.hs256WithRsaPublicKey(),
            401,
            INVALID_TOKEN,
            ALGORITHM));
    cases.add(
        bearer(
            "alg-missing",
            HostileTokens.b64("{\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}")
                + "."
                + HostileTokens.b64(claims)
                + ".c2ln",
            401,
            INVALID_TOKEN,
            MALFORMED));
    // RFC 8725 §3.10: no key is taken from the token itself.
    cases.add(
        bearer(
            "jku-injection",
            t.sign(
                "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"jku\":\"http://127.0.0.1:1/jwks\"}",
                claims,
                t.attacker),
            401,
            INVALID_TOKEN,
            KEY_REFERENCE));
    cases.add(
        bearer(
            "x5u-injection",
            t.sign(
                "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"x5u\":\"http://127.0.0.1:1/cert\"}",
                claims,
                t.attacker),
            401,
            INVALID_TOKEN,
            KEY_REFERENCE));
    cases.add(
        bearer(
            "embedded-jwk",
            t.sign(
                "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"jwk\":" + attackerJwk + "}",
                claims,
                t.attacker),
            401,
            INVALID_TOKEN,
            KEY_REFERENCE));
    cases.add(
        bearer(
            "embedded-x5c",
            t.sign(
                "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"x5c\":[\"MIIBIjANBgkq\"]}",
                claims,
                t.attacker),
            401,
            INVALID_TOKEN,
            KEY_REFERENCE));
    // kid tricks: a path or SQL in kid only ever misses the JWK set.
    cases.add(
        bearer(
            "kid-path-traversal",
            t.sign(HostileTokens.rsHeader("../../../../etc/passwd"), claims, t.attacker),
            401,
            INVALID_TOKEN,
            UNKNOWN_KEY));
    cases.add(
        bearer(
            "kid-sql-injection",
            t.sign(HostileTokens.rsHeader("x' OR '1'='1"), claims, t.attacker),
            401,
            INVALID_TOKEN,
            UNKNOWN_KEY));
    cases.add(
        bearer(
            "kid-real-key-forged-signature",
            t.sign(HostileTokens.rsHeader("rsa-1"), claims, t.attacker),
            401,
            INVALID_TOKEN,
            SIGNATURE));
    // Signatures.
    String valid = t.valid();
    cases.add(
        bearer(
            "unsigned-two-parts",
            valid.substring(0, valid.lastIndexOf('.')),
            401,
            INVALID_TOKEN,
            NOT_RECOGNISED));
    cases.add(
        bearer(
            "stripped-signature",
            valid.substring(0, valid.lastIndexOf('.') + 1),
            401,
            INVALID_TOKEN,
            NOT_RECOGNISED));
    cases.add(
        bearer(
            "signature-of-another-token",
            t.sign(HostileTokens.rsHeader("rsa-1"), t.claims(c -> c.subject("admin")), t.rsa)
                .replaceAll("\\.[^.]+$", valid.substring(valid.lastIndexOf('.'))),
            401,
            INVALID_TOKEN,
            SIGNATURE));
    cases.add(
        bearer("zero-ecdsa-signature", t.zeroEcdsaSignature(), 401, INVALID_TOKEN, SIGNATURE));
    cases.add(
        bearer(
            "crit-unknown-parameter",
            t.sign(
                "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"crit\":[\"exp\"],\"exp\":1}",
                claims,
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token has an unsupported critical header"));
    cases.add(
        bearer(
            "jwe-five-parts",
            "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn",
            401,
            INVALID_TOKEN,
            NOT_RECOGNISED));
    // RFC 8725 §3.11 / RFC 9068 §4: type confusion.
    cases.add(
        bearer(
            "id-token-typ-JWT",
            t.sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}", claims, t.rsa),
            401,
            INVALID_TOKEN,
            WRONG_TYPE));
    cases.add(
        bearer(
            "no-typ",
            t.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, t.rsa),
            401,
            INVALID_TOKEN,
            WRONG_TYPE));
    cases.add(
        bearer(
            "typ-logout-jwt",
            t.sign("{\"alg\":\"RS256\",\"typ\":\"logout+jwt\",\"kid\":\"rsa-1\"}", claims, t.rsa),
            401,
            INVALID_TOKEN,
            WRONG_TYPE));
    // Claims: audience, issuer, time.
    cases.add(
        bearer(
            "aud-other-resource",
            t.sign(
                HostileTokens.rsHeader("rsa-1"),
                t.claims(c -> c.audience("https://other.example.com/mcp")),
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token is not valid for this resource"));
    cases.add(
        bearer(
            "aud-resource-with-trailing-slash",
            t.sign(
                HostileTokens.rsHeader("rsa-1"), t.claims(c -> c.audience(resource + "/")), t.rsa),
            401,
            INVALID_TOKEN,
            "The access token is not valid for this resource"));
    cases.add(
        bearer(
            "aud-missing",
            t.sign(
                HostileTokens.rsHeader("rsa-1"), t.claims(c -> c.audience((String) null)), t.rsa),
            401,
            INVALID_TOKEN,
            "The access token is not valid for this resource"));
    cases.add(
        bearer(
            "iss-other",
            t.sign(
                HostileTokens.rsHeader("rsa-1"),
                t.claims(c -> c.issuer("https://evil.example.com")),
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token was issued by an untrusted issuer"));
    cases.add(
        bearer(
            "iss-trailing-slash",
            t.sign(
                HostileTokens.rsHeader("rsa-1"),
                t.claims(c -> c.issuer(HostileTokens.ISSUER + "/")),
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token was issued by an untrusted issuer"));
    cases.add(
        bearer(
            "exp-past",
            t.sign(
                HostileTokens.rsHeader("rsa-1"),
                t.claims(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token has expired"));
    cases.add(
        bearer(
            "exp-missing",
            t.sign(HostileTokens.rsHeader("rsa-1"), t.claims(c -> c.expirationTime(null)), t.rsa),
            401,
            INVALID_TOKEN,
            "The access token lacks a required claim"));
    cases.add(
        bearer(
            "nbf-future",
            t.sign(
                HostileTokens.rsHeader("rsa-1"),
                t.claims(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))),
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token is not yet valid"));
    cases.add(
        bearer(
            "iat-future",
            t.sign(
                HostileTokens.rsHeader("rsa-1"),
                t.claims(c -> c.issueTime(Date.from(Instant.now().plusSeconds(3600)))),
                t.rsa),
            401,
            INVALID_TOKEN,
            "The access token was issued in the future"));
    // Size, nesting, compression.
    cases.add(bearer("oversized-header", "a".repeat(9000), 400, CONTAINER, null));
    cases.add(
        bearer("just-over-gate-cap-under-container-cap", "a".repeat(8190), 400, CONTAINER, null));
    cases.add(bearer("deeply-nested-claims", t.deeplyNested(2000), 401, INVALID_TOKEN, MALFORMED));
    cases.add(bearer("zip-deflate-bomb", t.zipBomb(), 401, INVALID_TOKEN, MALFORMED));
    // RFC 6750 §2.1 header grammar.
    cases.add(
        raw(
            "two-authorization-lines",
            List.of("Authorization: Bearer " + valid, "Authorization: Bearer " + valid),
            400,
            INVALID_REQUEST,
            "The request has more than one Authorization header"));
    cases.add(
        raw(
            "scheme-only",
            List.of("Authorization: Bearer"),
            400,
            INVALID_REQUEST,
            "The Bearer credential is empty"));
    cases.add(
        raw(
            "scheme-and-spaces",
            List.of("Authorization: Bearer    "),
            400,
            INVALID_REQUEST,
            "The Bearer credential is empty"));
    cases.add(
        raw(
            "tab-after-scheme",
            List.of("Authorization: Bearer\t" + valid),
            400,
            INVALID_REQUEST,
            "The Authorization header is malformed"));
    cases.add(
        raw(
            "two-tokens",
            List.of("Authorization: Bearer " + valid + " " + valid),
            400,
            INVALID_REQUEST,
            "The Bearer credential is not a valid b64token"));
    cases.add(
        raw(
            "comma-list",
            List.of("Authorization: Bearer " + valid + ", Basic Zm9vOmJhcg=="),
            400,
            INVALID_REQUEST,
            "The Bearer credential is not a valid b64token"));
    cases.add(
        raw(
            "padding-inside-token",
            List.of("Authorization: Bearer ab=cd"),
            400,
            INVALID_REQUEST,
            "The Bearer credential is not a valid b64token"));
    cases.add(
        raw(
            "latin1-byte-in-token",
            List.of("Authorization: Bearer abc\u00e9def"),
            400,
            INVALID_REQUEST,
            "The Bearer credential is not a valid b64token"));
    // "Bearer" glued to a JWT is one RFC 9110 token: the name of some other scheme, so no Bearer
    // credential at all.
    cases.add(
        raw("scheme-glued-to-token", List.of("Authorization: Bearer" + valid), 401, MISSING, null));
    cases.add(
        raw("basic-scheme", List.of("Authorization: Basic Zm9vOmJhcg=="), 401, MISSING, null));
    cases.add(raw("empty-authorization", List.of("Authorization: "), 401, MISSING, null));
    cases.add(raw("nul-byte", List.of("Authorization: Bearer abc\u0000def"), 400, CONTAINER, null));
    // Tomcat unfolds an obs-fold into one value with a space, which is no b64token.
    cases.add(
        raw(
            "obs-fold-continuation",
            List.of("Authorization: Bearer abc", " def"),
            400,
            INVALID_REQUEST,
            "The Bearer credential is not a valid b64token"));
    cases.add(
        new Case(
            "query-token-only", head("/mcp?access_token=" + valid, List.of()), 401, MISSING, null));
    cases.add(
        new Case(
            "query-token-percent-encoded-name",
            head("/mcp?access%5Ftoken=" + valid, List.of()),
            401,
            MISSING,
            null));
    cases.add(
        new Case(
            "header-and-query-token",
            head("/mcp?access_token=" + valid, List.of("Authorization: Bearer " + valid)),
            400,
            INVALID_REQUEST,
            "The access token must be sent only in the Authorization header"));
    // API-key near misses.
    String unknown = ApiKeyFormat.defaultFormat().generate().value();
    cases.add(bearer("api-key-unknown", unknown, 401, INVALID_TOKEN, API_KEY_INVALID));
    cases.add(bearer("api-key-revoked", revokedKey, 401, INVALID_TOKEN, API_KEY_INVALID));
    cases.add(
        bearer(
            "api-key-one-character-changed",
            flipLast(liveKey),
            401,
            INVALID_TOKEN,
            API_KEY_MALFORMED));
    cases.add(
        bearer(
            "api-key-truncated",
            liveKey.substring(0, liveKey.length() - 1),
            401,
            INVALID_TOKEN,
            API_KEY_MALFORMED));
    cases.add(bearer("api-key-extended", liveKey + "A", 401, INVALID_TOKEN, API_KEY_MALFORMED));
    cases.add(
        bearer(
            "api-key-prefix-only",
            ApiKeyFormat.DEFAULT_PREFIX,
            401,
            INVALID_TOKEN,
            API_KEY_MALFORMED));
    cases.add(
        bearer(
            "api-key-prefix-upper-case",
            "TGK_" + liveKey.substring(4),
            401,
            INVALID_TOKEN,
            NOT_RECOGNISED));
    cases.add(
        new Case(
            "api-key-in-query-only",
            head("/mcp?access_token=" + liveKey, List.of()),
            401,
            MISSING,
            null));
    // Spoofed Host / X-Forwarded-*: the challenge names the configured resource only.
    cases.add(
        raw(
            "spoofed-host-and-forwarded-no-credential",
            List.of(
                "X-Forwarded-Host: evil.example",
                "X-Forwarded-Proto: https",
                "Forwarded: host=evil.example;proto=https"),
            401,
            MISSING,
            null,
            "evil.example"));
    cases.add(
        raw(
            "spoofed-forwarded-with-bad-token",
            List.of(
                "X-Forwarded-Host: evil.example",
                "X-Forwarded-For: 127.0.0.1",
                "Authorization: Bearer garbage"),
            401,
            INVALID_TOKEN,
            NOT_RECOGNISED,
            "evil.example"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void filterWhenHostileRequestThenExactRefusalAndServletNeverReached(Case hostile)
      throws Exception {
    int reachedBefore = mcp.reached.get();

    RawHttp.Response response = RawHttp.send(server.port(), hostile.head().toArray(String[]::new));

    assertEquals(hostile.status(), response.status(), hostile.id() + ": " + response.body());
    assertEquals(reachedBefore, mcp.reached.get(), hostile.id() + " reached the servlet");
    if (hostile.error().equals(CONTAINER)) {
      assertNull(response.header("WWW-Authenticate"), hostile.id());
      return;
    }
    assertEquals(expectedChallenge(hostile), response.header("WWW-Authenticate"), hostile.id());
    var body = JSON.readTree(response.body());
    assertEquals(hostile.error(), body.get("error").textValue(), hostile.id());
    if (hostile.description() != null) {
      assertEquals(hostile.description(), body.get("error_description").textValue(), hostile.id());
    }
  }

  @Test
  void filterWhenValidCredentialsThenServletReached() throws Exception {
    for (String credential : List.of(tokens.valid(), tokens.validEs256(), liveKey)) {
      int reachedBefore = mcp.reached.get();

      RawHttp.Response response =
          RawHttp.send(
              server.port(),
              head("/mcp", List.of("Authorization: bearer " + credential)).toArray(String[]::new));

      assertEquals(200, response.status(), response.body());
      assertEquals(reachedBefore + 1, mcp.reached.get());
    }
  }

  private static String expectedChallenge(Case hostile) {
    String metadata = "resource_metadata=\"" + WellKnownUrl.of(resource) + "\"";
    if (hostile.error().equals(MISSING)) {
      return "Bearer scope=\"mcp\", " + metadata;
    }
    return "Bearer error=\""
        + hostile.error()
        + "\", error_description=\""
        + hostile.description()
        + "\", scope=\"mcp\", "
        + metadata;
  }

  private static Case bearer(
      String id, String token, int status, String error, @Nullable String description) {
    return raw(id, List.of("Authorization: Bearer " + token), status, error, description);
  }

  private static Case raw(
      String id, List<String> headers, int status, String error, @Nullable String description) {
    return new Case(id, head("/mcp", headers), status, error, description);
  }

  /** As {@link #raw}, with {@code Host} spoofed too. */
  private static Case raw(
      String id,
      List<String> headers,
      int status,
      String error,
      @Nullable String description,
      String host) {
    List<String> head = new ArrayList<>();
    head.add("POST /mcp HTTP/1.1");
    head.add("Host: " + host);
    head.addAll(headers);
    head.add("Content-Length: 0");
    return new Case(id, head, status, error, description);
  }

  private static List<String> head(String target, List<String> headers) {
    List<String> head = new ArrayList<>();
    head.add("POST " + target + " HTTP/1.1");
    head.add("Host: 127.0.0.1");
    head.addAll(headers);
    head.add("Content-Length: 0");
    return head;
  }

  private static String flipLast(String key) {
    char last = key.charAt(key.length() - 1);
    return key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
  }

  /** The RFC 9728 §3.1 metadata URL for the configured resource, derived independently here. */
  private static final class WellKnownUrl {
    static String of(String resource) {
      URI uri = URI.create(resource);
      return uri.getScheme()
          + "://"
          + uri.getAuthority()
          + "/.well-known/oauth-protected-resource"
          + uri.getPath();
    }
  }

  /** A new key of the default format stored for {@code accountId}, as an issuer stores one. */
  private static String issue(ApiKeyStore store, String accountId) {
    ApiKey key = ApiKeyFormat.defaultFormat().generate();
    store.insert(ApiKeyRecord.of(accountId, key, Instant.now()));
    return key.value();
  }
}
