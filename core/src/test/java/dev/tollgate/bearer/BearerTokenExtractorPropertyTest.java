package dev.tollgate.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.RequestView;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Properties of {@link BearerTokenExtractor} over arbitrary headers and query strings. The oracle
 * for "valid" is an independent regular expression of RFC 6750 §2.1's {@code b64token}, not the
 * extractor's own code.
 */
class BearerTokenExtractorPropertyTest {
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
  private static final BearerTokenExtractor EXTRACTOR = BearerTokenExtractor.create();

  @Property(tries = 1000)
  void extractWhenArbitraryHeaderLinesThenFoundOnlyForOneValidB64Token(
      @ForAll("headerLines") List<String> lines, @ForAll("queries") @Nullable String query) {
    BearerExtraction extraction = EXTRACTOR.extract(request(lines, query));

    assertNotNull(extraction);
    if (extraction instanceof BearerExtraction.Found found) {
      String token = found.credential().value();
      assertEquals(1, lines.size(), "Found from more than one Authorization line");
      assertTrue(lines.get(0).contains(token), "Found value is not part of the header");
      assertTrue(
          lines.get(0).length() <= BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH, "over cap");
      assertTrue(B64TOKEN.matcher(token).matches(), "Found value is not a b64token");
      assertTrue(!BearerTokenExtractor.hasQueryToken(query), "Found beside a query-string token");
    }
    if (extraction instanceof BearerExtraction.Malformed malformed) {
      assertTrue(BearerError.isErrorValue(malformed.description()));
    }
  }

  @Property(tries = 1000)
  void extractWhenBearerSchemeAndArbitraryTokenThenFoundIffB64Token(
      @ForAll("schemeSpellings") String scheme,
      @ForAll("spaces") String spaces,
      @ForAll("tokenCandidates") String token,
      @ForAll("optionalWhitespace") String trailing) {
    String header = scheme + spaces + token + trailing;

    BearerExtraction extraction = EXTRACTOR.extract(request(List.of(header), null));

    // Spaces after the scheme and optional whitespace at the end are not part of the credential.
    String expected = token.replaceFirst("^ +", "").replaceFirst("[ \t]+$", "");
    if (B64TOKEN.matcher(expected).matches()) {
      BearerExtraction.Found found = assertInstanceOf(BearerExtraction.Found.class, extraction);
      assertEquals(expected, found.credential().value());
    } else {
      assertTrue(!(extraction instanceof BearerExtraction.Found), "Found for " + describe(token));
    }
  }

  @Property(tries = 1000)
  void extractWhenNoAuthorizationHeaderThenAbsentWhateverTheQuery(
      @ForAll("queries") @Nullable String query) {
    assertInstanceOf(BearerExtraction.Absent.class, EXTRACTOR.extract(request(List.of(), query)));
  }

  @Property(tries = 20)
  void extractWhenHugeHeaderOrQueryThenMalformedOrAbsentNeverFound(
      @ForAll("hugeStrings") String huge, @ForAll("hugeStrings") String hugeQuery) {
    BearerExtraction withHeader = EXTRACTOR.extract(request(List.of("Bearer " + huge), hugeQuery));

    assertTrue(!(withHeader instanceof BearerExtraction.Found));
  }

  @Provide
  Arbitrary<List<String>> headerLines() {
    Arbitrary<String> shortLine =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(200),
            Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(200),
            bearerLike());
    // Valid tokens just under and just over the cap, where an off-by-one would show.
    int cap = BearerTokenExtractor.DEFAULT_MAX_HEADER_LENGTH;
    Arbitrary<String> nearCap =
        Arbitraries.integers().between(cap - 16, cap + 16).map(n -> "Bearer " + "a".repeat(n - 7));
    return Arbitraries.frequencyOf(
        Tuple.of(6, shortLine.list().ofSize(1)),
        Tuple.of(1, nearCap.list().ofSize(1)),
        Tuple.of(2, shortLine.list().ofMaxSize(40)));
  }

  private Arbitrary<String> bearerLike() {
    return Combinators.combine(schemeSpellings(), spaces(), tokenCandidates(), optionalWhitespace())
        .as((scheme, spaces, token, trailing) -> scheme + spaces + token + trailing);
  }

  @Provide
  Arbitrary<@Nullable String> queries() {
    Arbitrary<String> parameter =
        Arbitraries.oneOf(
            Arbitraries.of("access_token", "access%5Ftoken", "ACCESS_TOKEN", "access_token%", "a"),
            Arbitraries.strings().all().ofMaxLength(80));
    Arbitrary<String> pair =
        Combinators.combine(parameter, Arbitraries.strings().all().ofMaxLength(20))
            .as((name, value) -> name + "=" + value);
    return Arbitraries.oneOf(
        pair.list().ofMaxSize(20).map(pairs -> String.join("&", pairs)),
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.just(null));
  }

  @Provide
  Arbitrary<String> schemeSpellings() {
    return Arbitraries.of("Bearer", "bearer", "BEARER", "bEaReR");
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.strings().withChars(' ').ofMinLength(1).ofMaxLength(4);
  }

  @Provide
  Arbitrary<String> optionalWhitespace() {
    return Arbitraries.strings().withChars(' ', '\t').ofMaxLength(2);
  }

  @Provide
  Arbitrary<String> tokenCandidates() {
    Arbitrary<String> b64 =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars('-', '.', '_', '~', '+', '/', '=')
            .ofMinLength(1)
            .ofMaxLength(300);
    Arbitrary<String> nearMiss =
        Combinators.combine(
                b64,
                Arbitraries.of(
                    ' ', '\t', '"', ',', '\\', '\u0000', '\r', '\n', '\u00e9', '\uD83D', '%', '='),
                b64)
            .as((left, bad, right) -> left + bad + right);
    return Arbitraries.oneOf(b64, nearMiss, Arbitraries.strings().all().ofMaxLength(100));
  }

  @Provide
  Arbitrary<String> hugeStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars('a', '=', '&').ofMinLength(100_000).ofMaxLength(200_000),
        Arbitraries.strings().all().ofMinLength(100_000).ofMaxLength(200_000));
  }

  private static RequestView request(List<String> lines, @Nullable String query) {
    return RequestView.of(
        "POST", "/mcp", lines.isEmpty() ? Map.of() : Map.of("Authorization", lines), query);
  }

  private static String describe(String token) {
    StringBuilder text = new StringBuilder();
    token.codePoints().limit(40).forEach(cp -> text.append(String.format("U+%04X ", cp)));
    return text.toString();
  }
}
