package dev.tollgate.apikey;

import java.math.BigInteger;
import java.util.Arrays;

/** Fixed-width base62 ({@code 0-9A-Za-z}) of non-negative integers; ASCII only, by design. */
final class Base62 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);

  private Base62() {}

  /** {@code value} in exactly {@code width} digits, left-padded with {@code 0}. */
  static String encode(BigInteger value, int width) {
    char[] digits = new char[width];
    BigInteger rest = value;
    for (int i = width - 1; i >= 0; i--) {
      BigInteger[] qr = rest.divideAndRemainder(SIXTY_TWO);
      digits[i] = ALPHABET.charAt(qr[1].intValue());
      rest = qr[0];
    }
    if (rest.signum() != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
    return new String(digits);
  }

  static String encode(long value, int width) {
    return encode(BigInteger.valueOf(value), width);
  }

  /** Whether every byte of {@code ascii[from, to)} is an ASCII base62 digit. */
  static boolean isBase62(byte[] ascii, int from, int to) {
    for (int i = from; i < to; i++) {
      if (DIGITS[ascii[i] & 0xFF] < 0) {
        return false;
      }
    }
    return true;
  }

  /** Each byte's digit value, or -1. */
  private static final byte[] DIGITS = new byte[256];

  static {
    Arrays.fill(DIGITS, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DIGITS[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  /**
   * The value of the base62 digits {@code ascii[from, to)}, at most ten of them (62^10 < 2^63); the
   * caller has checked {@link #isBase62(byte[], int, int)}.
   */
  static long decodeLong(byte[] ascii, int from, int to) {
    if (to - from > 10) {
      throw new IllegalArgumentException("more than ten base62 digits do not fit in a long");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 62 + DIGITS[ascii[i] & 0xFF];
    }
    return value;
  }
}
