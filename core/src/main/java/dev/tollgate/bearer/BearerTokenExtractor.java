package dev.tollgate.bearer;

import dev.tollgate.Credential;
import dev.tollgate.RequestView;
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
  /** The {@code error_description} of a credential that is not a {@code b64token}. */
  public static final String NOT_B64TOKEN = "The Bearer credential is not a valid b64token";

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
    return extract(request, true);
  }

  /**
   * As {@link #extract}, but a found credential's {@code b64token} grammar is left unchecked
   * ({@link Credential#ofUncheckedHeader}), for a gate that asks {@link Credential#isB64Token()}
   * only when no resolver knows the credential already; a malformed one must then get {@link
   * #NOT_B64TOKEN} as an {@code invalid_request}.
   */
  public BearerExtraction extractUnchecked(RequestView request) {
    return extract(request, false);
  }

  private BearerExtraction extract(RequestView request, boolean checkGrammar) {
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
    Credential credential;
    if (checkGrammar) {
      // One copy of the header as bytes, checked against the grammar and then hashed as it is: a
      // character outside Latin-1 becomes '?', which no b64token contains, so it is refused too.
      byte[] ascii = value.getBytes(StandardCharsets.ISO_8859_1);
      Credential checked = Credential.ofB64Token(ascii, start, ascii.length);
      if (checked == null) {
        return new BearerExtraction.Malformed(NOT_B64TOKEN);
      }
      credential = checked;
    } else {
      credential = Credential.ofUncheckedHeader(value, start, value.length());
    }
    if (queryToken) {
      return new BearerExtraction.Malformed(
          "The access token must be sent only in the Authorization header");
    }
    return new BearerExtraction.Found(credential);
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
