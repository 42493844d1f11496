package dev.tollgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorsPolicyTest {

  @Test
  void allowOriginWhenDefaultsThenAnyOriginGetsStarAndNoVary() {
    CorsPolicy cors = CorsPolicy.defaults();

    assertEquals("*", cors.allowOrigin("https://anywhere.example.org"));
    assertNull(cors.allowOrigin(null));
    assertFalse(cors.variesByOrigin());
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "https://app.example.com, https://app.example.com",
        "https://APP.example.com, https://APP.example.com",
        "https://app.example.com:443, NULL",
        "http://app.example.com, NULL",
        "https://evil.example.com, NULL",
        "null, NULL"
      },
      nullValues = "NULL")
  void allowOriginWhenRestrictedThenOnlyListedOriginEchoed(String origin, String expected) {
    CorsPolicy cors = CorsPolicy.builder().allowedOrigin("https://app.example.com").build();

    assertEquals(expected, cors.allowOrigin(origin));
    assertTrue(cors.variesByOrigin());
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "http://localhost:6274, true",
        "http://localhost:1, true",
        "http://LOCALHOST:8080, true",
        "http://localhost, false",
        "http://localhost:, false",
        "http://localhost:80x, false",
        "https://localhost:6274, false",
        "http://localhost.evil.example:6274, false",
        "http://127.0.0.1:6274, false",
        "https://app.example.com, true",
        "null, false"
      })
  void allowsWhenAnyPortPatternThenThatHostOnEveryPortOnly(String origin, boolean allowed) {
    CorsPolicy cors =
        CorsPolicy.builder()
            .allowedOrigin("http://localhost:*")
            .allowedOrigin("https://app.example.com")
            .build();

    assertEquals(allowed, cors.allows(origin));
    assertEquals(allowed ? origin : null, cors.allowOrigin(origin));
  }

  @Test
  void includingWhenRestrictedThenResourceOriginAllowedAndSettingsKept() {
    CorsPolicy cors =
        CorsPolicy.builder()
            .allowedOrigin("https://app.example.com")
            .allowedHeaders(List.of("Authorization"))
            .maxAge(Duration.ofSeconds(30))
            .build()
            .including(java.net.URI.create("https://mcp.example.com:443/mcp"));

    assertTrue(cors.allows("https://mcp.example.com"));
    assertTrue(cors.allows("https://app.example.com"));
    assertFalse(cors.allows("https://other.example.com"));
    assertEquals("Authorization", cors.allowHeaders());
    assertEquals("30", cors.maxAgeSeconds());
  }

  @Test
  void includingWhenAnyOriginThenStillAnyOrigin() {
    CorsPolicy cors =
        CorsPolicy.defaults().including(java.net.URI.create("https://mcp.example.com/mcp"));

    assertEquals("*", cors.allowOrigin("https://anywhere.example.org"));
    assertFalse(cors.variesByOrigin());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080:*",
        "http://localhost/path:*",
        ":*",
        "app.example.com",
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://user@app.example.com",
        "https://app.example.com?x=1",
        "ftp://app.example.com",
        "https://app example.com"
      })
  void allowedOriginWhenNotAnOriginThenRefused(String origin) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CorsPolicy.builder().allowedOrigin(origin));

    assertTrue(e.getMessage().startsWith("not an origin"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bad:Header", "", "Bad Header", "Bad\"Header"})
  void allowedHeadersWhenNotATokenThenRefused(String name) {
    assertThrows(
        IllegalArgumentException.class,
        () -> CorsPolicy.builder().allowedHeaders(List.of("Authorization", name)));
  }

  @Test
  void allowedHeadersWhenEmptyThenRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> CorsPolicy.builder().allowedHeaders(List.of()));
  }

  @Test
  void maxAgeWhenNegativeThenRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> CorsPolicy.builder().maxAge(Duration.ofSeconds(-1)));
  }

  @Test
  void buildWhenConfiguredThenPreflightValues() {
    CorsPolicy cors =
        CorsPolicy.builder()
            .allowedHeaders(List.of("Authorization", "Mcp-Session-Id"))
            .maxAge(Duration.ofMinutes(2))
            .build();

    assertEquals("Authorization, Mcp-Session-Id", cors.allowHeaders());
    assertEquals("120", cors.maxAgeSeconds());
  }
}
