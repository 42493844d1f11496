package dev.tollgate.bearer;

import dev.tollgate.Credential;
import dev.tollgate.RequestView;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Bearer credential from the {@code Authorization} header (RFC 6750 §2.1), and only from
 * there: MCP forbids access tokens in the query string, and the body is never read.
 *
 * <ul>
 *   <li>The scheme is matched case-insensitively and followed by one or more spaces.
 *   <li>The credential must be a {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~"
 *       / "+" / "/" ) *"="}.
 *   <li>The header's length is checked against a cap before anything else is done with it.
 *   <li>Every {@code Authorization} line is read: more than one is a malformed request.
 *   <li>A query-string {@code access_token} alone is ignored; beside a header it is a malformed
 *       request (RFC 6750 §2: a client must not use more than one method).
 * </ul>
 */
public final class BearerTokenExtractor {
  /**
   * Default cap on the {@code Authorization} header, in characters. Access tokens with rich claims
   * stay well under 4 KiB; 8 KiB matches common proxies' header limits, so anything longer would be
   * refused somewhere along the way anyway.
   */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 8192;

  /** The smallest header limit: shorter would refuse ordinary access tokens. */
  public static final int MIN_MAX_HEADER_LENGTH = 64;

  /** The largest header limit: 1 MiB, past any token and past what containers accept anyway. */
  public static final int MAX_MAX_HEADER_LENGTH = 1 << 20;

  private static final String SCHEME = "Bearer";
  private static final String QUERY_PARAMETER = "access_token";

  private final int maxHeaderLength;

  private BearerTokenExtractor(int maxHeaderLength) {
    this.maxHeaderLength = maxHeaderLength;
  }

  /** An extractor with {@link #DEFAULT_MAX_HEADER_LENGTH}. */
  public static BearerTokenExtractor create() {
    return new BearerTokenExtractor(DEFAULT_MAX_HEADER_LENGTH);
  }

  /** An extractor refusing {@code Authorization} headers longer than {@code maxHeaderLength}. */
  public static BearerTokenExtractor withMaxHeaderLength(int maxHeaderLength) {
    if (maxHeaderLength < MIN_MAX_HEADER_LENGTH || maxHeaderLength > MAX_MAX_HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "maxHeaderLength must be "
              + MIN_MAX_HEADER_LENGTH
              + " to "
              + MAX_MAX_HEADER_LENGTH
              + ", was "
              + maxHeaderLength);
    }
    return new BearerTokenExtractor(maxHeaderLength);
  }

  /** Finds the request's Bearer credential, or says why there is none. */
  public BearerExtraction extract(RequestView request) {
    List<String> headers = request.headers("Authorization");
    if (headers.isEmpty()) {
      return new BearerExtraction.Absent();
    }
    boolean queryToken = hasQueryToken(request.queryString());
    if (headers.size() > 1) {
      return new BearerExtraction.Malformed("The request has more than one Authorization header");
    }
    String header = headers.get(0);
    if (header.length() > maxHeaderLength) {
      return new BearerExtraction.Malformed("The Authorization header is too long");
    }
    String value = trimOptionalWhitespace(header);
    if (!startsWithScheme(value)) {
      if (value.isEmpty() || isOtherScheme(value)) {
        // Another scheme (Basic, DPoP, ...) is not a Bearer credential: challenge, don't scold.
        return queryToken
            ? new BearerExtraction.Malformed(
                "The access token must be sent only in the Authorization header")
            : new BearerExtraction.Absent();
      }
      return new BearerExtraction.Malformed("The Authorization header is malformed");
    }
    int start = SCHEME.length();
    if (start == value.length()) {
      return new BearerExtraction.Malformed("The Bearer credential is empty");
    }
    if (value.charAt(start) != ' ') {
      return new BearerExtraction.Malformed("The Authorization header is malformed");
    }
    while (start < value.length() && value.charAt(start) == ' ') {
      start++;
    }
    if (start == value.length()) {
      return new BearerExtraction.Malformed("The Bearer credential is empty");
    }
    // One copy of the header as bytes, checked against the grammar and then hashed as it is: a
    // character outside Latin-1 becomes '?', which no b64token contains, so it is refused too.
    byte[] ascii = value.getBytes(StandardCharsets.ISO_8859_1);
    if (!isB64Token(ascii, start, ascii.length)) {
      return new BearerExtraction.Malformed("The Bearer credential is not a valid b64token");
    }
    if (queryToken) {
      return new BearerExtraction.Malformed(
          "The access token must be sent only in the Authorization header");
    }
    return new BearerExtraction.Found(Credential.ofAscii(ascii, start, ascii.length));
  }

  private static boolean startsWithScheme(String value) {
    return value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        && (value.length() == SCHEME.length() || !isTokenChar(value.charAt(SCHEME.length())));
  }

  /** An RFC 9110 auth-scheme token followed by nothing or a space: a scheme that is not ours. */
  private static boolean isOtherScheme(String value) {
    int end = value.indexOf(' ');
    String scheme = end < 0 ? value : value.substring(0, end);
    if (scheme.isEmpty()) {
      return false;
    }
    for (int i = 0; i < scheme.length(); i++) {
      if (!isTokenChar(scheme.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String trimOptionalWhitespace(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isOptionalWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isOptionalWhitespace(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isOptionalWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 6750 §2.1 {@code b64token} characters, by byte value; everything from 128 up is not. */
  private static final boolean[] B64_CHAR = new boolean[256];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      B64_CHAR[c] = true;
      B64_CHAR[c + ('a' - 'A')] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      B64_CHAR[c] = true;
    }
    for (char c : "-._~+/".toCharArray()) {
      B64_CHAR[c] = true;
    }
  }

  /**
   * Whether {@code ascii[from, to)} is a {@code b64token}. Eight bytes at a time while they are all
   * token characters (a 1 KB token in a fraction of the byte-by-byte loop's time;
   * benchmarks/PERFORMANCE.md), then byte by byte through the table for the rest and the {@code =}
   * padding.
   */
  static boolean isB64Token(byte[] ascii, int from, int to) {
    int i = from;
    while (i + Long.BYTES <= to && areTokenCharacters((long) LONGS.get(ascii, i))) {
      i += Long.BYTES;
    }
    while (i < to && B64_CHAR[ascii[i] & 0xFF]) {
      i++;
    }
    if (i == from) {
      return false;
    }
    while (i < to && ascii[i] == '=') {
      i++;
    }
    return i == to;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Whether all eight bytes of {@code word} are b64token characters other than {@code =}, in a few
   * arithmetic steps on the whole word. Every byte is below 0x80 once the first test passes, so
   * adding at most 0x80 to a byte never carries into its neighbour, and each byte's high bit then
   * answers for that byte alone.
   */
  static boolean areTokenCharacters(long word) {
    if ((word & HIGH_BITS) != 0) {
      return false;
    }
    // Letters: with bit 5 set, 'A'-'Z' become 'a'-'z' and nothing else lands in 'a'-'z'.
    long letters = inRange(word | (0x20 * ONES), 'a', 'z');
    // '-', '.', '/' and '0'-'9' are the contiguous 0x2D-0x39.
    long digitsAndPunctuation = inRange(word, '-', '9');
    long others = equalTo(word, '+') | equalTo(word, '_') | equalTo(word, '~');
    return (letters | digitsAndPunctuation | others) == HIGH_BITS;
  }

  /** High bit of each byte set when that byte (below 0x80) is within {@code [low, high]}. */
  private static long inRange(long word, int low, int high) {
    long atLeastLow = word + (0x80 - low) * ONES;
    long aboveHigh = word + (0x7F - high) * ONES;
    return atLeastLow & ~aboveHigh & HIGH_BITS;
  }

  /** High bit of each byte set when that byte (below 0x80) equals {@code c}. */
  private static long equalTo(long word, char c) {
    long difference = word ^ (c * ONES);
    return ~(difference + 0x7F * ONES) & HIGH_BITS;
  }

  /** RFC 9110 §5.6.2 tchar. */
  private static boolean isTokenChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Whether the raw query string has an {@code access_token} parameter (name percent-decoded). */
  static boolean hasQueryToken(@Nullable String query) {
    if (query == null || query.isEmpty()) {
      return false;
    }
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int equals = query.indexOf('=', start);
      int nameEnd = equals >= 0 && equals < end ? equals : end;
      if (QUERY_PARAMETER.equals(decodeName(query, start, nameEnd))) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static @Nullable String decodeName(String query, int start, int end) {
    if (end - start > 64) {
      return null;
    }
    StringBuilder name = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = query.charAt(i);
      if (c == '%' && i + 2 < end) {
        int high = hexValue(query.charAt(i + 1));
        int low = hexValue(query.charAt(i + 2));
        if (high >= 0 && low >= 0) {
          name.append((char) (high * 16 + low));
          i += 2;
          continue;
        }
      }
      name.append(c == '+' ? ' ' : c);
    }
    return name.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
