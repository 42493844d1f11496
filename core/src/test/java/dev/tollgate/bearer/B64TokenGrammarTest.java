package dev.tollgate.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time b64token check against the grammar written out as a regular expression (RFC
 * 6750 §2.1): every byte value in every lane, and random tokens of every length around the word
 * boundaries.
 */
class B64TokenGrammarTest {
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  private static boolean isB64TokenByGrammar(byte[] bytes) {
    return B64TOKEN.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).matches();
  }

  @Test
  void areTokenCharactersWhenAnyByteValueInAnyLaneThenAgreesWithGrammar() {
    for (int lane = 0; lane < Long.BYTES; lane++) {
      for (int value = 0; value < 256; value++) {
        byte[] bytes = "AzAzAzAz".getBytes(StandardCharsets.US_ASCII);
        bytes[lane] = (byte) value;
        boolean expected = value != '=' && isB64TokenByGrammar(bytes);
        long word = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
          word = (word << 8) | (bytes[i] & 0xFF);
        }
        assertEquals(
            expected,
            BearerTokenExtractor.areTokenCharacters(word),
            "byte 0x" + Integer.toHexString(value) + " in lane " + lane);
      }
    }
  }

  @Test
  void isB64TokenWhenRandomTokensOfEveryLengthThenAgreesWithGrammar() {
    byte[] alphabet = "ABCXYZabcxyz0189-._~+/=@ \t\"%\u007f".getBytes(StandardCharsets.ISO_8859_1);
    SplittableRandom random = new SplittableRandom(6750);
    for (int round = 0; round < 20_000; round++) {
      int length = 1 + random.nextInt(40);
      byte[] token = new byte[length];
      for (int i = 0; i < length; i++) {
        // Mostly valid characters, so that the word path runs and fails at every position.
        token[i] =
            random.nextInt(10) < 8
                ? alphabet[random.nextInt(22)]
                : random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) 0xC3;
      }
      if (random.nextInt(4) == 0) {
        int padding = Math.min(length - 1, 1 + random.nextInt(3));
        Arrays.fill(token, length - padding, length, (byte) '=');
      }
      byte[] framed = new byte[length + 3];
      System.arraycopy(token, 0, framed, 2, length);
      assertEquals(
          isB64TokenByGrammar(token),
          BearerTokenExtractor.isB64Token(framed, 2, 2 + length),
          () -> new String(token, StandardCharsets.ISO_8859_1));
    }
  }
}
