package dev.tollgate.apikey;

import java.math.BigInteger;

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

  /** Whether every character of {@code text} is an ASCII base62 digit. */
  static boolean isBase62(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (digit(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of base62 text; the caller has checked {@link #isBase62}. */
  static BigInteger decode(CharSequence text) {
    BigInteger value = BigInteger.ZERO;
    for (int i = 0; i < text.length(); i++) {
      value = value.multiply(SIXTY_TWO).add(BigInteger.valueOf(digit(text.charAt(i))));
    }
    return value;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 36;
    }
    return -1;
  }
}
