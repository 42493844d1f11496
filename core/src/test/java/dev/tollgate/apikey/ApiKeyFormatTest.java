package dev.tollgate.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testsupport.ApiKeyStrings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyFormatTest {
  private static final ApiKeyFormat FORMAT = ApiKeyFormat.defaultFormat();
  // RFC 6750 §2.1 b64token; keys use no trailing '='.
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+");
  // 256 bits need at least ceil(256 / log2(62)) = 43 base62 characters.
  private static final int MIN_BODY_CHARS = (int) Math.ceil(256 / (Math.log(62) / Math.log(2)));

  @Test
  void generateWhenCalledThenKeyParsesBackToItself() {
    ApiKey key = FORMAT.generate();

    Optional<ApiKey> parsed = FORMAT.parse(key.value());

    assertTrue(parsed.isPresent());
    assertEquals(key, parsed.get());
    assertEquals(key.displayPrefix(), parsed.get().displayPrefix());
    assertEquals(key.sha256Hex(), parsed.get().sha256Hex());
  }

  @Test
  void generateWhenCalledThenKeyHasPrefixFullEntropyAndOnlyB64TokenCharacters() {
    for (int i = 0; i < 200; i++) {
      String key = FORMAT.generate().value();

      assertTrue(key.startsWith("tgk_"), "prefix");
      assertEquals(4 + 43 + 6, key.length());
      assertTrue(key.length() - 4 - 6 >= MIN_BODY_CHARS, "body holds at least 256 bits");
      assertTrue(B64TOKEN.matcher(key).matches(), "only b64token characters");
    }
  }

  @Test
  void generateWhenCalledManyTimesThenKeysAndDisplayPrefixesDiffer() {
    Set<String> keys = new HashSet<>();
    Set<String> displayPrefixes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ApiKey key = FORMAT.generate();
      keys.add(key.value());
      displayPrefixes.add(key.displayPrefix());
    }
    assertEquals(1000, keys.size());
    assertEquals(1000, displayPrefixes.size());
  }

  @Test
  void generateWhenCalledThenChecksumIsCrc32OfPrefixAndBodyInBase62() {
    String key = FORMAT.generate().value();
    String prefixAndBody = key.substring(0, key.length() - 6);

    assertEquals(ApiKeyStrings.checksum(prefixAndBody), key.substring(key.length() - 6));
  }

  @Test
  void generateWhenCalledThenDisplayPrefixIsEightCharactersAfterThePrefix() {
    ApiKey key = FORMAT.generate();

    assertEquals(key.value().substring(4, 12), key.displayPrefix());
  }

  @Test
  void toStringWhenCalledThenKeyIsNotShown() {
    ApiKey key = FORMAT.generate();

    assertFalse(key.toString().contains(key.value()));
    assertFalse(key.toString().contains(key.value().substring(12)));
  }

  @Test
  void parseWhenCustomPrefixThenOnlyThatPrefixIsAccepted() {
    ApiKeyFormat acme = ApiKeyFormat.withPrefix("acme_");
    ApiKey key = acme.generate();

    assertTrue(key.value().startsWith("acme_"));
    assertTrue(acme.parse(key.value()).isPresent());
    assertTrue(FORMAT.parse(key.value()).isEmpty());
    assertTrue(acme.parse(FORMAT.generate().value()).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "_", "tgk", "tg-k_", "tgk__", "verylongprefix16_", "t\u00e9k_", " tgk_"})
  void withPrefixWhenNotLettersAndDigitsEndingInUnderscoreThenRejected(String prefix) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ApiKeyFormat.withPrefix(prefix));
    assertTrue(e.getMessage().startsWith("prefix"));
  }

  static Stream<Arguments> nearMisses() {
    String key = FORMAT.generate().value();
    String body = key.substring(4, key.length() - 6);
    String checksum = key.substring(key.length() - 6);
    char first = body.charAt(0);
    char changed = first == 'A' ? 'B' : 'A';
    char lastChecksum = checksum.charAt(5);
    char otherChecksum = lastChecksum == '0' ? '1' : '0';
    String maxBody = "z".repeat(43);
    return Stream.of(
        Arguments.of("wrong prefix", "tgx_" + body + checksum),
        Arguments.of("prefix in upper case", "TGK_" + body + checksum),
        Arguments.of("prefix without underscore", "tgk" + body + checksum),
        Arguments.of("no prefix", body + checksum),
        Arguments.of("one body character changed", "tgk_" + changed + body.substring(1) + checksum),
        Arguments.of("checksum changed", key.substring(0, key.length() - 1) + otherChecksum),
        Arguments.of("checksum missing", "tgk_" + body),
        Arguments.of("truncated by one", key.substring(0, key.length() - 1)),
        Arguments.of("truncated to the display prefix", key.substring(0, 12)),
        Arguments.of("extra character at the end", key + "a"),
        Arguments.of("extra character at the start", "a" + key),
        Arguments.of("padding appended", key + "="),
        Arguments.of("whitespace appended", key + " "),
        Arguments.of("cyrillic a lookalike", replaceFirstLetter(key, '\u0430')),
        Arguments.of(
            "fullwidth digit lookalike", key.substring(0, 4) + '\uff10' + key.substring(5)),
        Arguments.of("b64token punctuation in body", key.substring(0, 4) + '-' + key.substring(5)),
        Arguments.of("empty body", "tgk_"),
        Arguments.of("empty body with checksum", ApiKeyStrings.withValidChecksum("tgk_")),
        Arguments.of("empty", ""),
        Arguments.of("body beyond 256 bits", ApiKeyStrings.withValidChecksum("tgk_" + maxBody)),
        Arguments.of("swapped characters", swapFirstTwoDistinct(key)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nearMisses")
  void parseWhenNearMissThenMalformed(String name, String text) {
    assertTrue(FORMAT.parse(text).isEmpty(), name);
  }

  @Test
  void parseWhenBodyIsLargest256BitValueThenWellFormedAndOneMoreThenMalformed() {
    BigInteger largest = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    String atLimit = ApiKeyStrings.withValidChecksum("tgk_" + Base62.encode(largest, 43));
    String pastLimit =
        ApiKeyStrings.withValidChecksum("tgk_" + Base62.encode(largest.add(BigInteger.ONE), 43));

    assertTrue(FORMAT.parse(atLimit).isPresent());
    assertTrue(FORMAT.parse(pastLimit).isEmpty());
  }

  @Test
  void parseWhenChecksumDigitsSpellAnotherValueThenMalformed() {
    String key = FORMAT.generate().value();
    String prefixAndBody = key.substring(0, key.length() - 6);
    long crc = crc32(prefixAndBody);
    for (long other : new long[] {crc - 1, crc + 1, crc + (1L << 32)}) {
      if (other >= 0) {
        assertTrue(FORMAT.parse(prefixAndBody + Base62.encode(other, 6)).isEmpty(), "" + other);
      }
    }
    assertTrue(FORMAT.parse(prefixAndBody + Base62.encode(crc, 6)).isPresent());
  }

  /** The CRC32 of a key's prefix and body, as the format defines its checksum. */
  private static long crc32(String prefixAndBody) {
    CRC32 crc = new CRC32();
    crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  @Test
  void parseWhenOneBodyCharacterChangedAndChecksumRecomputedThenWellFormed() {
    // The checksum catches typos, not forgeries: the store decides whether such a key exists.
    String key = FORMAT.generate().value();
    String other = ApiKeyStrings.sameDisplayPrefixOtherBody(key);

    assertNotEquals(key, other);
    assertTrue(FORMAT.parse(other).isPresent());
  }

  private static String replaceFirstLetter(String key, char replacement) {
    for (int i = 4; i < key.length(); i++) {
      if (Character.isLetter(key.charAt(i))) {
        return key.substring(0, i) + replacement + key.substring(i + 1);
      }
    }
    throw new AssertionError("a key without letters");
  }

  private static String swapFirstTwoDistinct(String key) {
    for (int i = 4; i < key.length() - 7; i++) {
      if (key.charAt(i) != key.charAt(i + 1)) {
        return key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
      }
    }
    throw new AssertionError("a key of one repeated character");
  }
}
