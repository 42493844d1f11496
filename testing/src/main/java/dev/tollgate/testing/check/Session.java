package dev.tollgate.testing.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One run's settings, results and what earlier checks learned (the challenge, the metadata, the
 * authorization server's metadata) for later ones. Never holds a credential in anything it reports.
 */
final class Session {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Report values are cut here: enough to recognise a header, not a wall of text. */
  private static final int MAX_SEEN = 160;

  final URI endpoint;
  final Probe probe;
  final String origin;
  final @Nullable String token;
  final @Nullable String clientId;
  final @Nullable String clientSecret;
  final @Nullable String otherAudienceToken;
  private final List<CheckResult> results = new ArrayList<>();

  @Nullable HttpResult unauthenticated;
  WwwAuthenticate.@Nullable Challenge challenge;
  @Nullable JsonNode metadata;
  List<URI> authorizationServers = List.of();
  @Nullable JsonNode authorizationServerMetadata;

  Session(
      URI endpoint,
      Probe probe,
      String origin,
      @Nullable String token,
      @Nullable String clientId,
      @Nullable String clientSecret,
      @Nullable String otherAudienceToken) {
    this.endpoint = endpoint;
    this.probe = probe;
    this.origin = origin;
    this.token = token;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.otherAudienceToken = otherAudienceToken;
  }

  void pass(String id, String clause, String seen) {
    add(id, CheckStatus.PASS, clause, seen);
  }

  void fail(String id, String clause, String seen) {
    add(id, CheckStatus.FAIL, clause, seen);
  }

  void warn(String id, String clause, String seen) {
    add(id, CheckStatus.WARN, clause, seen);
  }

  void add(String id, CheckStatus status, String clause, String seen) {
    results.add(new CheckResult(id, status, clause, clean(seen)));
  }

  List<CheckResult> results() {
    return List.copyOf(results);
  }

  /** Removes every credential this run holds from {@code text}, then control characters. */
  String clean(String text) {
    String cleaned = text;
    for (String secret : new String[] {token, clientSecret, otherAudienceToken}) {
      if (secret != null && !secret.isEmpty()) {
        cleaned = cleaned.replace(secret, "<redacted>");
      }
    }
    cleaned = cleaned.replaceAll("[\\p{Cntrl}]", " ");
    return cleaned.length() > MAX_SEEN ? cleaned.substring(0, MAX_SEEN) + "..." : cleaned;
  }

  static Map<String, String> bearer(String credential) {
    return Map.of("Authorization", "Bearer " + credential);
  }

  static Optional<JsonNode> json(HttpResult result) {
    try {
      JsonNode node = JSON.readTree(result.body());
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  static @Nullable String text(@Nullable JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** The Bearer challenge of {@code result}, if it has one. */
  static WwwAuthenticate.@Nullable Challenge bearerChallenge(HttpResult result) {
    return WwwAuthenticate.parse(result.all("WWW-Authenticate")).bearer();
  }

  /** {@code HTTP 401, error="invalid_token"}-style summary of a refusal. */
  static String summary(HttpResult result) {
    if (result.status() == 0) {
      return result.describe();
    }
    WwwAuthenticate.Challenge bearer = bearerChallenge(result);
    String error = bearer == null ? null : bearer.get("error");
    return result.describe() + (error == null ? "" : ", error=\"" + error + "\"");
  }

  static boolean isAbsoluteHttpUrl(@Nullable String value) {
    if (value == null) {
      return false;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
