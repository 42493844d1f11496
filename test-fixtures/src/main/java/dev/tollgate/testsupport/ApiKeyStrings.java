package dev.tollgate.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Builds keys by hand, independently of {@code ApiKeyFormat}, as a secret scanner would check them.
 */
public final class ApiKeyStrings {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private ApiKeyStrings() {}

  /** The CRC32 of {@code prefixAndBody} in six base62 digits. */
  public static String checksum(String prefixAndBody) {
    CRC32 crc = new CRC32();
    crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[6];
    for (int i = 5; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }

  /** {@code prefixAndBody} with a checksum that matches it. */
  public static String withValidChecksum(String prefixAndBody) {
    return prefixAndBody + checksum(prefixAndBody);
  }

  /**
   * A well-formed key of the default format that differs from {@code key} in its last body char.
   */
  public static String sameDisplayPrefixOtherBody(String key) {
    String prefixAndBody = key.substring(0, key.length() - 6);
    char last = prefixAndBody.charAt(prefixAndBody.length() - 1);
    char other = last == 'a' ? 'b' : 'a';
    return withValidChecksum(prefixAndBody.substring(0, prefixAndBody.length() - 1) + other);
  }
}
