package dev.tollgate.config;

import static dev.tollgate.config.TollgateSettings.ALGORITHMS;
import static dev.tollgate.config.TollgateSettings.ALLOWED_ORIGINS;
import static dev.tollgate.config.TollgateSettings.CORS_ALLOWED_HEADERS;
import static dev.tollgate.config.TollgateSettings.CORS_ALLOWED_ORIGINS;
import static dev.tollgate.config.TollgateSettings.CORS_MAX_AGE;
import static dev.tollgate.config.TollgateSettings.DEFAULT_ALGORITHMS;
import static dev.tollgate.config.TollgateSettings.RESOURCE;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.bearer.BearerError;
import dev.tollgate.metadata.ProtectedResourceMetadata;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composite values of {@link TollgateSettings}: resource, scope lists, algorithms, CORS. */
@SuppressWarnings("deprecation") // reads the former name of allowed-origins on purpose
final class SettingValues {
  private static final Logger log = LoggerFactory.getLogger(SettingValues.class);

  private SettingValues() {}

  static URI resource(SettingReader in) {
    String value = in.string(RESOURCE);
    if (value == null) {
      throw SettingReader.failure(
          RESOURCE,
          "is required: the MCP endpoint's canonical URL, e.g. https://mcp.example.com/mcp");
    }
    URI uri = in.url(RESOURCE, value);
    try {
      return ProtectedResourceMetadata.requireResource(uri);
    } catch (IllegalArgumentException e) {
      throw SettingReader.failure(
          RESOURCE, "must be an absolute http(s) URL without a query, was '" + value + "'", e);
    }
  }

  static Set<String> scopes(SettingReader in, String key) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String scope : in.list(key)) {
      if (!BearerError.isScopeToken(scope)) {
        throw SettingReader.failure(key, "not a valid scope token: '" + scope + "'");
      }
      scopes.add(scope);
    }
    return Set.copyOf(scopes);
  }

  static Set<JWSAlgorithm> algorithms(SettingReader in) {
    List<String> names = in.list(ALGORITHMS);
    if (names.isEmpty()) {
      return DEFAULT_ALGORITHMS;
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    for (String name : names) {
      JWSAlgorithm algorithm =
          JWSAlgorithm.Family.SIGNATURE.stream()
              .filter(candidate -> candidate.getName().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      SettingReader.failure(
                          ALGORITHMS,
                          "'"
                              + name
                              + "' is not an asymmetric JWS algorithm (RS256, PS256, ES256, EdDSA, ...);"
                              + " none and HMAC are refused"));
      algorithms.add(algorithm);
    }
    return Set.copyOf(algorithms);
  }

  /**
   * The one origin policy: {@code allowed-origins}, or else its deprecated former name {@code
   * cors-allowed-origins} (with a warning, as when both are set and the former is ignored).
   */
  static CorsPolicy cors(SettingReader in) {
    CorsPolicy.Builder cors = CorsPolicy.builder();
    String key = ALLOWED_ORIGINS;
    List<String> origins = in.list(ALLOWED_ORIGINS);
    List<String> former = in.list(CORS_ALLOWED_ORIGINS);
    if (!former.isEmpty()) {
      if (origins.isEmpty()) {
        key = CORS_ALLOWED_ORIGINS;
        origins = former;
        log.warn(
            "{} is deprecated; set {} instead (the same value)",
            SettingReader.label(CORS_ALLOWED_ORIGINS),
            SettingReader.label(ALLOWED_ORIGINS));
      } else {
        log.warn(
            "{} is deprecated and ignored: {} is set",
            SettingReader.label(CORS_ALLOWED_ORIGINS),
            SettingReader.label(ALLOWED_ORIGINS));
      }
    }
    for (String origin : origins) {
      try {
        cors.allowedOrigin(origin);
      } catch (IllegalArgumentException e) {
        throw SettingReader.failure(key, e.getMessage(), e);
      }
    }
    List<String> headers = in.list(CORS_ALLOWED_HEADERS);
    if (!headers.isEmpty()) {
      try {
        cors.allowedHeaders(headers);
      } catch (IllegalArgumentException e) {
        throw SettingReader.failure(CORS_ALLOWED_HEADERS, e.getMessage(), e);
      }
    }
    Duration maxAge = in.duration(CORS_MAX_AGE, Duration.ZERO, Duration.ofDays(1));
    if (maxAge != null) {
      cors.maxAge(maxAge);
    }
    return cors.build();
  }
}
