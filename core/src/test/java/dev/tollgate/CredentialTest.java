package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialTest {

  static Stream<String> values() {
    return Stream.of(
        "a.b.c",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl",
        ".b.c",
        "a..c",
        "a.b.",
        "a.b.c.d",
        "a.b",
        "abc",
        "tgk_0123456789abcdef",
        "tgk",
        "tg",
        "abc==");
  }

  /** A credential read from header bytes behaves exactly as one made from its string. */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("values")
  void ofAsciiWhenSameCharactersThenSameAnswersAsOf(String value) {
    byte[] header = ("Bearer " + value + "  ").getBytes(StandardCharsets.ISO_8859_1);
    Credential fromBytes = Credential.ofAscii(header, 7, 7 + value.length());
    Credential fromString = Credential.of(value);

    assertEquals(fromString.looksLikeJwt(), fromBytes.looksLikeJwt());
    assertEquals(fromString.startsWith("tgk_"), fromBytes.startsWith("tgk_"));
    assertEquals(fromString.startsWith(value + "x"), fromBytes.startsWith(value + "x"));
    assertArrayEquals(fromString.sha256(), fromBytes.sha256());
    assertEquals(fromString.sha256Hex(), fromBytes.sha256Hex());
    assertEquals(value, fromBytes.value());
    assertEquals(fromString, fromBytes);
    assertEquals(fromString.hashCode(), fromBytes.hashCode());
  }

  @Test
  void ofAsciiWhenRangeEmptyOrOutsideThenRefused() {
    byte[] bytes = "Bearer abc".getBytes(StandardCharsets.ISO_8859_1);

    assertThrows(IllegalArgumentException.class, () -> Credential.ofAscii(bytes, 7, 7));
    assertThrows(IndexOutOfBoundsException.class, () -> Credential.ofAscii(bytes, 7, 11));
  }

  @Test
  void toStringWhenFromBytesThenRedacted() {
    Credential credential =
        Credential.ofAscii("Bearer secret".getBytes(StandardCharsets.ISO_8859_1), 7, 13);

    assertEquals("Credential[redacted]", credential.toString());
    assertFalse(credential.toString().contains("secret"));
  }
}
