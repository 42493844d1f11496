package dev.tollgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TollgateSettingsTest {
  private static final String RESOURCE = "https://mcp.example.com/mcp";
  private static final String ISSUER = "https://auth.example.com";
  private static final String JWKS = "https://auth.example.com/jwks";

  @Test
  void loadWhenOnlyRequiredKeysThenDefaults() {
    TollgateSettings settings =
        load(Map.of("resource", RESOURCE, "issuer", ISSUER, "jwks-uri", JWKS));

    assertEquals(URI.create(RESOURCE), settings.resource());
    assertEquals(RESOURCE, settings.audience());
    assertEquals(List.of(URI.create(ISSUER)), settings.authorizationServers());
    assertEquals(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), settings.algorithms());
    assertEquals(Set.of(), settings.requiredScopes());
    assertEquals(8192, settings.maxHeaderLength());
    assertNull(settings.clockSkew());
    assertNull(settings.retryAfter());
    assertNull(settings.resourceName());
    assertEquals("*", settings.cors().allowOrigin("https://any.example.org"));
    assertEquals(
        String.join(", ", CorsPolicy.DEFAULT_ALLOWED_HEADERS), settings.cors().allowHeaders());
    assertEquals("600", settings.cors().maxAgeSeconds());
  }

  @Test
  void loadWhenEveryKeySetThenEachApplied() {
    Map<String, String> values = new HashMap<>();
    values.put("resource", RESOURCE);
    values.put("issuer", ISSUER);
    values.put("jwks-uri", JWKS);
    values.put("audience", "api://mcp");
    values.put("scopes", "mcp, mcp:tools");
    values.put("scopes-supported", "profile email");
    values.put("authorization-servers", "https://a.example.com,https://b.example.com");
    values.put("algorithms", "PS256 EdDSA");
    values.put("clock-skew", "PT30S");
    values.put("retry-after", "12");
    values.put("max-header-length", "4096");
    values.put("resource-name", "Example MCP");
    values.put("resource-documentation", "https://docs.example.com/mcp");
    values.put("allowed-origins", "https://app.example.com");
    values.put("cors-allowed-headers", "Authorization, Content-Type");
    values.put("cors-max-age", "PT1M");

    TollgateSettings settings = load(values);

    assertEquals("api://mcp", settings.audience());
    assertEquals(Set.of("mcp", "mcp:tools"), settings.requiredScopes());
    assertEquals(Set.of("profile", "email"), settings.scopesSupported());
    assertEquals(
        List.of(URI.create("https://a.example.com"), URI.create("https://b.example.com")),
        settings.authorizationServers());
    assertEquals(Set.of(JWSAlgorithm.PS256, JWSAlgorithm.EdDSA), settings.algorithms());
    assertEquals(Duration.ofSeconds(30), settings.clockSkew());
    assertEquals(Duration.ofSeconds(12), settings.retryAfter());
    assertEquals(4096, settings.maxHeaderLength());
    assertEquals("Example MCP", settings.resourceName());
    assertEquals(URI.create("https://docs.example.com/mcp"), settings.resourceDocumentation());
    assertEquals("https://app.example.com", settings.cors().allowOrigin("https://app.example.com"));
    assertNull(settings.cors().allowOrigin("https://other.example.com"));
    assertEquals("Authorization, Content-Type", settings.cors().allowHeaders());
    assertEquals("60", settings.cors().maxAgeSeconds());
  }

  @Test
  void toTollgateWhenConfiguredThenMetadataAdvertisesSettings() throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("resource", RESOURCE);
    values.put("issuer", ISSUER);
    values.put("jwks-uri", JWKS);
    values.put("scopes", "mcp");
    values.put("scopes-supported", "profile");
    values.put("resource-name", "Example MCP");
    values.put("resource-documentation", "https://docs.example.com/mcp");

    Tollgate gate = load(values).toTollgate();

    JsonNode metadata = new ObjectMapper().readTree(gate.metadataJson());
    assertEquals(RESOURCE, metadata.get("resource").asText());
    assertEquals(ISSUER, metadata.get("authorization_servers").get(0).asText());
    assertEquals("Example MCP", metadata.get("resource_name").asText());
    assertEquals("https://docs.example.com/mcp", metadata.get("resource_documentation").asText());
    assertEquals(2, metadata.get("scopes_supported").size());
    Decision decision = gate.decide(RequestView.of("POST", "/mcp", Map.of(), null));
    assertTrue(((Decision.Challenge) decision).wwwAuthenticate().contains("scope=\"mcp\""));
  }

  @Test
  void toTollgateWhenNoIssuerThenFailureNamesIssuer() {
    TollgateSettings settings = load(Map.of("resource", RESOURCE));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings::toTollgate);

    assertTrue(e.getMessage().startsWith("TOLLGATE_ISSUER (issuer): is required"), e.getMessage());
  }

  static Stream<Arguments> misconfigurations() {
    return Stream.of(
        row("resource", null, "TOLLGATE_RESOURCE (resource): is required"),
        row(
            "resource",
            "mcp.example.com/mcp",
            "TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL"),
        row(
            "resource",
            "ftp://mcp.example.com/mcp",
            "TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL"),
        row(
            "resource",
            "https://mcp.example.com/mcp#x",
            "TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL"),
        row(
            "resource",
            "https://mcp.example.com/mcp?tenant=1",
            "TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL without a query"),
        row(
            "resource",
            "https://user@mcp.example.com/mcp",
            "TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL"),
        row(
            "resource",
            "https://mcp.example.com/a b",
            "TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL"),
        row(
            "issuer",
            "auth.example.com",
            "TOLLGATE_ISSUER (issuer): must be an absolute http(s) URL"),
        row(
            "jwks-uri",
            "file:///etc/keys.json",
            "TOLLGATE_JWKS_URI (jwks-uri): must be an absolute http(s) URL"),
        row(
            "audience",
            "api\u0000mcp",
            "TOLLGATE_AUDIENCE (audience): must not contain control characters"),
        row("scopes", "mcp \"admin\"", "TOLLGATE_SCOPES (scopes): not a valid scope token"),
        row(
            "scopes-supported",
            "profile back\\slash",
            "TOLLGATE_SCOPES_SUPPORTED (scopes-supported): not a valid scope token"),
        row(
            "authorization-servers",
            "https://a.example.com, nope",
            "TOLLGATE_AUTHORIZATION_SERVERS (authorization-servers): must be an absolute http(s) URL"),
        row(
            "algorithms",
            "none",
            "TOLLGATE_ALGORITHMS (algorithms): 'none' is not an asymmetric JWS algorithm"),
        row(
            "algorithms",
            "RS256,HS256",
            "TOLLGATE_ALGORITHMS (algorithms): 'HS256' is not an asymmetric JWS algorithm"),
        row(
            "algorithms",
            "rs256",
            "TOLLGATE_ALGORITHMS (algorithms): 'rs256' is not an asymmetric JWS algorithm"),
        row(
            "clock-skew",
            "PT1H",
            "TOLLGATE_CLOCK_SKEW (clock-skew): must be between PT0S and PT5M"),
        row("clock-skew", "soon", "TOLLGATE_CLOCK_SKEW (clock-skew): must be an ISO-8601 duration"),
        row("clock-skew", "-5", "TOLLGATE_CLOCK_SKEW (clock-skew): must be an ISO-8601 duration"),
        row(
            "retry-after",
            "0",
            "TOLLGATE_RETRY_AFTER (retry-after): must be between PT1S and PT1H"),
        row(
            "max-header-length",
            "10",
            "TOLLGATE_MAX_HEADER_LENGTH (max-header-length): must be between 64"),
        row(
            "max-header-length",
            "big",
            "TOLLGATE_MAX_HEADER_LENGTH (max-header-length): must be a whole number"),
        row(
            "resource-name",
            "Example\nMCP",
            "TOLLGATE_RESOURCE_NAME (resource-name): must not contain control characters"),
        row(
            "resource-documentation",
            "docs",
            "TOLLGATE_RESOURCE_DOCUMENTATION (resource-documentation): must be an absolute http(s) URL"),
        row(
            "allowed-origins",
            "https://app.example.com/path",
            "TOLLGATE_ALLOWED_ORIGINS (allowed-origins): not an origin"),
        row(
            "allowed-origins",
            "http://localhost:8080:*",
            "TOLLGATE_ALLOWED_ORIGINS (allowed-origins): not an origin"),
        row(
            "cors-allowed-origins",
            "https://app.example.com/path",
            "TOLLGATE_CORS_ALLOWED_ORIGINS (cors-allowed-origins): not an origin"),
        row(
            "cors-allowed-origins",
            "app.example.com",
            "TOLLGATE_CORS_ALLOWED_ORIGINS (cors-allowed-origins): not an origin"),
        row(
            "cors-allowed-headers",
            "Authorization Bad:Header",
            "TOLLGATE_CORS_ALLOWED_HEADERS (cors-allowed-headers): not a header name"),
        row("cors-max-age", "P2D", "TOLLGATE_CORS_MAX_AGE (cors-max-age): must be between"));
  }

  @Test
  void loadWhenOnlyFormerCorsKeySetThenItIsTheOriginPolicy() {
    Map<String, String> values =
        new HashMap<>(Map.of("resource", RESOURCE, "issuer", ISSUER, "jwks-uri", JWKS));
    values.put("cors-allowed-origins", "https://app.example.com");

    CorsPolicy cors = load(values).cors();

    assertTrue(cors.allows("https://app.example.com"));
    assertFalse(cors.allows("https://other.example.com"));
  }

  @Test
  void loadWhenBothOriginKeysSetThenAllowedOriginsWins() {
    Map<String, String> values =
        new HashMap<>(Map.of("resource", RESOURCE, "issuer", ISSUER, "jwks-uri", JWKS));
    values.put("allowed-origins", "https://app.example.com");
    values.put("cors-allowed-origins", "*");

    CorsPolicy cors = load(values).cors();

    assertTrue(cors.allows("https://app.example.com"));
    assertFalse(cors.allows("https://other.example.com"));
  }

  private static Arguments row(String key, @Nullable String value, String messageStart) {
    return Arguments.of(key, value, messageStart);
  }

  @ParameterizedTest(name = "[{index}] {0}={1}")
  @MethodSource("misconfigurations")
  void loadWhenMisconfiguredThenFailureNamesTheKey(
      String key, @Nullable String value, String messageStart) {
    Map<String, String> values =
        new HashMap<>(Map.of("resource", RESOURCE, "issuer", ISSUER, "jwks-uri", JWKS));
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, value);
    }

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(values));

    assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
  }

  @Test
  void loadWhenJwksUriWithoutIssuerThenFailureNamesIssuer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(Map.of("resource", RESOURCE, "jwks-uri", JWKS)));

    assertTrue(
        e.getMessage().startsWith("TOLLGATE_ISSUER (issuer): is required when"), e.getMessage());
  }

  @Test
  void loadWhenIssuerWithoutJwksUriThenAcceptedForDiscovery() {
    TollgateSettings settings = load(Map.of("resource", RESOURCE, "issuer", ISSUER));

    assertEquals(ISSUER, settings.issuer());
    assertEquals(List.of(ISSUER), settings.issuers());
    assertNull(settings.jwksUri());
  }

  @ParameterizedTest
  @CsvSource({"30, PT30S", "PT45S, PT45S", "pt2m, PT2M", "0, PT0S"})
  void loadWhenClockSkewInSecondsOrIsoThenParsed(String value, String expected) {
    TollgateSettings settings = load(Map.of("resource", RESOURCE, "clock-skew", value));

    assertEquals(Duration.parse(expected), settings.clockSkew());
  }

  private static TollgateSettings load(Map<String, String> values) {
    return TollgateSettings.load(SettingSource.of(values));
  }
}
