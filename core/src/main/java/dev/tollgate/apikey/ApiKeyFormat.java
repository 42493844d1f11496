package dev.tollgate.apikey;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The shape of an API key: {@code <prefix><body><checksum>}, for example {@code tgk_4Qz...<43
 * chars>...Xw9aB1}, modelled on GitHub's token format.
 *
 * <ul>
 *   <li><b>Prefix</b> (default {@code tgk_}): fixed, so a resolver recognises its keys without a
 *       store lookup and a secret scanner can find leaked keys by pattern. It is 2 to 16 ASCII
 *       letters and digits ending in {@code _}: short enough not to bloat headers, and the {@code
 *       _} makes the boundary with the body visible.
 *   <li><b>Body</b>: {@value #BODY_LENGTH} base62 characters holding 256 bits from {@link
 *       SecureRandom}. 256 bits make guessing hopeless even at a billion tries a second for the age
 *       of the universe, and leave a wide margin after the non-secret {@linkplain #DISPLAY_LENGTH
 *       display prefix} is shown (about 208 bits stay secret). {@value #BODY_LENGTH} is the least
 *       width with {@code 62^43 >= 2^256}; the width is fixed, so the key's length is too.
 *   <li><b>Checksum</b>: {@value #CHECKSUM_LENGTH} base62 characters of the CRC32 of prefix and
 *       body; {@value #CHECKSUM_LENGTH} is the least width with {@code 62^6 >= 2^32}. It lets a
 *       secret scanner validate a leaked key offline, and lets the gate refuse a mistyped or
 *       truncated key without touching the store. It is an integrity check, not a signature: the
 *       key's secrecy rests on the body alone.
 * </ul>
 *
 * <p>Every character is in RFC 6750 §2.1's {@code b64token} set (ASCII letters, digits and {@code
 * _}), and base62 has no punctuation, so a double-click selects the whole key. Instances are
 * immutable and thread-safe.
 */
public final class ApiKeyFormat {
  /** The default prefix, {@code tgk_} ("Tollgate key"). */
  public static final String DEFAULT_PREFIX = "tgk_";

  /** Base62 characters of random body: the least width holding 256 bits. */
  public static final int BODY_LENGTH = 43;

  /** Base62 characters of CRC32 checksum: the least width holding 32 bits. */
  public static final int CHECKSUM_LENGTH = 6;

  /**
   * Body characters shown as the display prefix: about 48 bits, enough that one account's keys over
   * its lifetime never collide in the UI, while 208 bits stay secret.
   */
  public static final int DISPLAY_LENGTH = 8;

  private static final int ENTROPY_BITS = 256;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9]{1,15}_");
  private static final ApiKeyFormat DEFAULT = new ApiKeyFormat(DEFAULT_PREFIX, new SecureRandom());

  private final String prefix;
  private final SecureRandom random;

  private ApiKeyFormat(String prefix, SecureRandom random) {
    this.prefix = prefix;
    this.random = random;
  }

  /** The format with prefix {@value #DEFAULT_PREFIX}. */
  public static ApiKeyFormat defaultFormat() {
    return DEFAULT;
  }

  /**
   * A format with its own prefix, e.g. {@code acme_}: 2 to 16 ASCII letters and digits ending in
   * {@code _}.
   *
   * @throws IllegalArgumentException when the prefix does not fit that pattern
   */
  public static ApiKeyFormat withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix == null");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix must be 1 to 15 ASCII letters or digits followed by '_', was '" + prefix + "'");
    }
    return new ApiKeyFormat(prefix, new SecureRandom());
  }

  /** The fixed prefix every key of this format starts with. */
  public String prefix() {
    return prefix;
  }

  /** The length of every key of this format. */
  public int keyLength() {
    return prefix.length() + BODY_LENGTH + CHECKSUM_LENGTH;
  }

  /** A fresh key with 256 bits from {@link SecureRandom}. */
  public ApiKey generate() {
    byte[] bytes = new byte[ENTROPY_BITS / 8];
    random.nextBytes(bytes);
    String body = Base62.encode(new BigInteger(1, bytes), BODY_LENGTH);
    String value = prefix + body + checksum(prefix + body);
    return new ApiKey(value, body.substring(0, DISPLAY_LENGTH));
  }

  /**
   * The key {@code text} spells, or empty when it is not a well-formed key of this format: wrong or
   * differently cased prefix, wrong length, a character outside base62 (non-ASCII lookalikes
   * included), a body beyond 256 bits, or a checksum that does not match. Never throws for bad
   * input, and never looks anything up.
   */
  public Optional<ApiKey> parse(String text) {
    Objects.requireNonNull(text, "text == null");
    if (!isWellFormed(text)) {
      return Optional.empty();
    }
    int bodyStart = prefix.length();
    return Optional.of(new ApiKey(text, text.substring(bodyStart, bodyStart + DISPLAY_LENGTH)));
  }

  /**
   * What {@link #parse} checks, without building the key: one copy of the text and arithmetic on
   * its bytes (the resolver asks this on every request; with big-integer arithmetic it cost more
   * than the rest of the decision, benchmarks/PERFORMANCE.md).
   */
  boolean isWellFormed(String text) {
    if (text.length() != keyLength() || !text.startsWith(prefix)) {
      return false;
    }
    // A character outside ASCII becomes '?', which is not base62: refused like any other.
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    int bodyStart = prefix.length();
    int checksumStart = bodyStart + BODY_LENGTH;
    if (!Base62.isBase62(bytes, bodyStart, bytes.length)) {
      return false;
    }
    // Only generate()'s canonical encodings are keys, so each key has exactly one spelling: the
    // body is at most 2^256 - 1, and fixed-width base62 compares as its ASCII does.
    if (Arrays.compare(bytes, bodyStart, checksumStart, LARGEST_BODY, 0, BODY_LENGTH) > 0) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, checksumStart);
    return Base62.decodeLong(bytes, checksumStart, bytes.length) == crc.getValue();
  }

  /** The base62 body of the largest 256-bit value. */
  private static final byte[] LARGEST_BODY =
      Base62.encode(BigInteger.ONE.shiftLeft(ENTROPY_BITS).subtract(BigInteger.ONE), BODY_LENGTH)
          .getBytes(StandardCharsets.US_ASCII);

  private static String checksum(String prefixAndBody) {
    CRC32 crc = new CRC32();
    crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
    return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
  }

  @Override
  public String toString() {
    return "ApiKeyFormat[" + prefix + "]";
  }
}
