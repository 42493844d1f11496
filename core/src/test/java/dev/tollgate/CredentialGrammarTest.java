package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Credential#ofB64Token}'s one pass against the grammar written out as a regular expression
 * (RFC 6750 §2.1), and its JWS shape against the scan {@link Credential#of} makes.
 */
class CredentialGrammarTest {
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  private static boolean isB64TokenByGrammar(byte[] bytes) {
    return B64TOKEN.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).matches();
  }

  @Test
  void ofB64TokenWhenAnyByteValueAtStartMiddleOrEndThenAgreesWithGrammar() {
    for (int position = 0; position < 5; position += 2) {
      for (int value = 0; value < 256; value++) {
        byte[] bytes = "ab.cd".getBytes(StandardCharsets.US_ASCII);
        bytes[position] = (byte) value;
        Credential credential = Credential.ofB64Token(bytes, 0, bytes.length);
        String where = "byte 0x" + Integer.toHexString(value) + " at " + position;
        if (isB64TokenByGrammar(bytes)) {
          assertNotNull(credential, where);
        } else {
          assertNull(credential, where);
        }
      }
    }
  }

  @Test
  void ofB64TokenWhenRandomTokensThenAgreesWithGrammarAndShapeWithFullScan() {
    byte[] alphabet =
        "ABCXYZabcxyz0189-._~+/..=@ \t\"%\u007f".getBytes(StandardCharsets.ISO_8859_1);
    SplittableRandom random = new SplittableRandom(6750);
    int tokens = 0;
    int jwsShaped = 0;
    for (int round = 0; round < 20_000; round++) {
      int length = 1 + random.nextInt(24);
      byte[] token = new byte[length];
      for (int i = 0; i < length; i++) {
        // Mostly valid characters with many dots, so that every shape and failure point occurs.
        token[i] =
            random.nextInt(10) < 9
                ? alphabet[random.nextInt(24)]
                : random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) 0xC3;
      }
      if (random.nextInt(4) == 0) {
        int padding = Math.min(length - 1, 1 + random.nextInt(3));
        Arrays.fill(token, length - padding, length, (byte) '=');
      }
      byte[] framed = new byte[length + 3];
      System.arraycopy(token, 0, framed, 2, length);
      String text = new String(token, StandardCharsets.ISO_8859_1);
      Credential credential = Credential.ofB64Token(framed, 2, 2 + length);
      assertEquals(isB64TokenByGrammar(token), credential != null, text);
      if (credential != null) {
        tokens++;
        assertEquals(text, credential.value());
        boolean expected = Credential.of(text).looksLikeJwt();
        assertEquals(expected, credential.looksLikeJwt(), text);
        assertEquals(expected, Credential.ofAscii(framed, 2, 2 + length).looksLikeJwt(), text);
        jwsShaped += expected ? 1 : 0;
      }
    }
    // The random tokens covered both answers, many times.
    assertEquals(
        true, tokens > 1_000 && jwsShaped > 100, tokens + " tokens, " + jwsShaped + " JWS");
  }

  @Test
  void ofUncheckedHeaderWhenRandomTokensThenShapeAtOnceAndGrammarWhenAsked() {
    String alphabet = "ABCXYZabcxyz0189-._~+/..=@ \t\"%\u007f\u00e9\u0141";
    SplittableRandom random = new SplittableRandom(7515);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder token = new StringBuilder();
      int length = 1 + random.nextInt(24);
      for (int i = 0; i < length; i++) {
        token.append(
            alphabet.charAt(
                random.nextInt(10) < 9 ? random.nextInt(24) : random.nextInt(alphabet.length())));
      }
      String text = token.toString();
      String header = "Bearer " + text;

      Credential unchecked = Credential.ofUncheckedHeader(header, 7, header.length());

      assertEquals(Credential.of(text).looksLikeJwt(), unchecked.looksLikeJwt(), text);
      boolean b64token = B64TOKEN.matcher(text).matches();
      assertEquals(b64token, unchecked.isB64Token(), text);
      if (b64token) {
        assertEquals(text, unchecked.value());
        assertEquals(Credential.of(text).sha256Hex(), unchecked.sha256Hex());
      } else {
        assertThrows(IllegalStateException.class, unchecked::value, text);
      }
    }
  }

  @Test
  void ofUncheckedHeaderWhenCharacterOutsideLatin1ThenNotB64TokenThoughItsLowByteWouldBe() {
    // U+0141's low byte is 'A': a narrowing copy would pass it off as a b64token.
    String header = "Bearer abc\u0141def";

    Credential unchecked = Credential.ofUncheckedHeader(header, 7, header.length());

    assertFalse(unchecked.isB64Token());
  }
}
