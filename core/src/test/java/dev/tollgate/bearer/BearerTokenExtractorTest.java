package dev.tollgate.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tollgate.Credential;
import dev.tollgate.RequestView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BearerTokenExtractorTest {
  private static final String JWT_LIKE = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
  private final BearerTokenExtractor extractor = BearerTokenExtractor.create();

  static Stream<Arguments> wellFormedHeaders() {
    return Stream.of(
        Arguments.of("Bearer abc", "abc"),
        Arguments.of("bearer abc", "abc"),
        Arguments.of("BEARER abc", "abc"),
        Arguments.of("BeArEr abc", "abc"),
        Arguments.of("Bearer    abc", "abc"),
        Arguments.of("Bearer abc  ", "abc"),
        Arguments.of(" Bearer abc", "abc"),
        Arguments.of("Bearer abc\t", "abc"),
        Arguments.of("Bearer " + JWT_LIKE, JWT_LIKE),
        Arguments.of("Bearer a-b.c_d~e+f/g", "a-b.c_d~e+f/g"),
        Arguments.of("Bearer abc=", "abc="),
        Arguments.of("Bearer abc==", "abc=="),
        Arguments.of("Bearer tgk_0123456789ABCDEFabcdef", "tgk_0123456789ABCDEFabcdef"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("wellFormedHeaders")
  void extractWhenHeaderWellFormedThenCredentialFound(String header, String expected) {
    BearerExtraction extraction = extractor.extract(request(null, header));

    BearerExtraction.Found found = assertInstanceOf(BearerExtraction.Found.class, extraction);
    assertEquals(expected, found.credential().value());
    // The cache key, key-store lookup and audit fingerprint are the SHA-256 of the token alone.
    assertEquals(Credential.of(expected).sha256Hex(), found.credential().sha256Hex());
    assertEquals(Credential.of(expected), found.credential());
  }

  static Stream<Arguments> malformedHeaders() {
    return Stream.of(
        Arguments.of("Bearer", "The Bearer credential is empty"),
        Arguments.of("Bearer ", "The Bearer credential is empty"),
        Arguments.of("Bearer    ", "The Bearer credential is empty"),
        Arguments.of("Bearer\tabc", "The Authorization header is malformed"),
        Arguments.of("Bearer abc def", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer abc,def", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer =abc", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer abc=def", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer \"abc\"", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer abc\u0000", "The Bearer credential is not a valid b64token"),
        Arguments.of(
            "Bearer abc\r\nX-Injected: 1", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer ab\u00e9c", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer abc;", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer abc%20", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer a\u2024b", "The Bearer credential is not a valid b64token"),
        // Characters whose low byte is a b64token character ('A', '.', '='): refused all the same.
        Arguments.of("Bearer ab\u0141c", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer ab\u012ec", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer abc\u013d", "The Bearer credential is not a valid b64token"),
        Arguments.of("Bearer: abc", "The Authorization header is malformed"),
        Arguments.of("Bearer,abc", "The Authorization header is malformed"),
        Arguments.of("\"Bearer\" abc", "The Authorization header is malformed"),
        Arguments.of(
            "Bearer " + "a".repeat(BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH),
            "The Authorization header is too long"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedHeaders")
  void extractWhenHeaderMalformedThenInvalidRequest(String header, String description) {
    BearerExtraction extraction = extractor.extract(request(null, header));

    BearerExtraction.Malformed malformed =
        assertInstanceOf(BearerExtraction.Malformed.class, extraction);
    assertEquals(description, malformed.description());
  }

  static Stream<String> otherSchemes() {
    return Stream.of(
        "Basic dXNlcjpwYXNz",
        "DPoP abc",
        "Digest username=\"a\"",
        "Token abc",
        "",
        "   ",
        "Bearerabc");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("otherSchemes")
  void extractWhenOtherSchemeThenAbsentOrMalformed(String header) {
    BearerExtraction extraction = extractor.extract(request(null, header));

    // "Bearerabc" is a single unknown scheme token: not a Bearer credential, so no error either.
    assertInstanceOf(BearerExtraction.Absent.class, extraction);
  }

  @Test
  void extractWhenNoHeaderThenAbsent() {
    assertInstanceOf(BearerExtraction.Absent.class, extractor.extract(request(null)));
  }

  @Test
  void extractWhenTwoAuthorizationLinesThenMalformed() {
    BearerExtraction extraction = extractor.extract(request(null, "Bearer abc", "Bearer def"));

    BearerExtraction.Malformed malformed =
        assertInstanceOf(BearerExtraction.Malformed.class, extraction);
    assertEquals("The request has more than one Authorization header", malformed.description());
  }

  @Test
  void extractWhenTwoIdenticalAuthorizationLinesThenMalformed() {
    assertInstanceOf(
        BearerExtraction.Malformed.class,
        extractor.extract(request(null, "Bearer abc", "Bearer abc")));
  }

  static Stream<String> queryTokens() {
    return Stream.of(
        "access_token=abc",
        "a=1&access_token=abc",
        "access_token",
        "access_token=",
        "access%5Ftoken=abc",
        "access%5ftoken=abc",
        "x=1&access_token=abc&y=2");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queryTokens")
  void extractWhenOnlyQueryTokenThenAbsent(String query) {
    assertInstanceOf(BearerExtraction.Absent.class, extractor.extract(request(query)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queryTokens")
  void extractWhenHeaderAndQueryTokenThenMalformed(String query) {
    BearerExtraction extraction = extractor.extract(request(query, "Bearer abc"));

    BearerExtraction.Malformed malformed =
        assertInstanceOf(BearerExtraction.Malformed.class, extraction);
    assertEquals(
        "The access token must be sent only in the Authorization header", malformed.description());
  }

  static Stream<String> harmlessQueries() {
    return Stream.of(
        "",
        "x_access_token=abc",
        "access_tokens=abc",
        "token=abc",
        "a=access_token",
        "%",
        "%zz=1",
        "&&&=&");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("harmlessQueries")
  void extractWhenQueryHasNoAccessTokenThenHeaderUsed(String query) {
    assertInstanceOf(BearerExtraction.Found.class, extractor.extract(request(query, "Bearer abc")));
  }

  @Test
  void extractWhenHeaderAtCapThenAccepted() {
    BearerTokenExtractor small = BearerTokenExtractor.withMaxHeaderLength(64);
    String header = "Bearer " + "a".repeat(64 - 7);

    assertInstanceOf(BearerExtraction.Found.class, small.extract(request(null, header)));
    assertInstanceOf(BearerExtraction.Malformed.class, small.extract(request(null, header + "a")));
  }

  @Test
  void extractWhenHeaderHugeThenRejectedBeforeParsing() {
    String header = "Bearer " + "a".repeat(1_000_000);

    BearerExtraction extraction = extractor.extract(request(null, header));

    assertEquals(
        "The Authorization header is too long",
        assertInstanceOf(BearerExtraction.Malformed.class, extraction).description());
  }

  private static RequestView request(@Nullable String query, String... authorization) {
    List<String> values = new ArrayList<>(Arrays.asList(authorization));
    Map<String, List<String>> headers =
        values.isEmpty() ? Map.of() : Map.of("authorization", values);
    return RequestView.of("POST", "/mcp", headers, query);
  }
}
