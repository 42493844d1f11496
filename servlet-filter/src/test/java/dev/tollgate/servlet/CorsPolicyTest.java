package dev.tollgate.servlet;

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
  @ValueSource(
      strings = {
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
        assertThrows(IllegalArgumentException.class, () -> CorsPolicy.builder().allowedOrigin(origin));

    assertTrue(e.getMessage().startsWith("not an origin"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bad:Header", "", "Bad Header", "Bad\"Header"})
  void allowedHeadersWhenNotATokenThenRefused(String name) {
    assertThrows(IllegalArgumentException.class, () -> CorsPolicy.builder().allowedHeaders(List.of("Authorization", name)));
  }

  @Test
  void allowedHeadersWhenEmptyThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> CorsPolicy.builder().allowedHeaders(List.of()));
  }

  @Test
  void maxAgeWhenNegativeThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> CorsPolicy.builder().maxAge(Duration.ofSeconds(-1)));
  }

  @Test
  void buildWhenConfiguredThenPreflightValues() {
    CorsPolicy cors =
        CorsPolicy.builder().allowedHeaders(List.of("Authorization", "Mcp-Session-Id")).maxAge(Duration.ofMinutes(2)).build();

    assertEquals("Authorization, Mcp-Session-Id", cors.allowHeaders());
    assertEquals("120", cors.maxAgeSeconds());
  }
}
