package dev.tollgate.gate;

/**
 * Whether a raw (undecoded) request path is in the one spelling that every router reads alike, so
 * that a path rule checked against it cannot be bypassed by writing the same path another way.
 *
 * <p>Containers route on the decoded, normalised path (Servlet 6 §3.5), while some applications and
 * frameworks route on the raw URI. A path such as {@code /mcp/%61dmin}, {@code /mcp/admin;x=1},
 * {@code /mcp//admin}, {@code /mcp/./admin} or {@code /mcp/x/../admin} reaches {@code /mcp/admin}
 * through one and not the other. A path is in normal form when it starts with {@code /} and has:
 *
 * <ul>
 *   <li>no percent-encoding of a character that never needs it or that changes the path's
 *       structure: unreserved characters (RFC 3986 §2.3, so case variants such as {@code %41} and
 *       encoded dots), {@code /}, {@code \}, {@code ;} and {@code %} itself (double encoding), nor
 *       of a control character; and no {@code %} that is not followed by two hex digits;
 *   <li>no {@code ;} (path parameters, which containers strip before routing), no {@code \} (which
 *       some servers treat as {@code /}) and no control character;
 *   <li>no empty segment ({@code //}) and no dot segment ({@code .} or {@code ..}, RFC 3986 §3.3).
 * </ul>
 *
 * A trailing {@code /} is allowed: it routes to a distinct path that path rules match by segment.
 * Percent-encoded characters that must be encoded (a space, {@code ?}, {@code #}, non-ASCII UTF-8
 * bytes) are allowed, as no router mistakes them for anything else.
 */
final class PathNormalForm {

  private PathNormalForm() {}

  static boolean isNormal(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return false;
    }
    int segmentStart = 1;
    for (int i = 1; i <= rawPath.length(); i++) {
      if (i == rawPath.length() || rawPath.charAt(i) == '/') {
        if (!isNormalSegment(rawPath.substring(segmentStart, i), i == rawPath.length())) {
          return false;
        }
        segmentStart = i + 1;
      }
    }
    return true;
  }

  private static boolean isNormalSegment(String segment, boolean last) {
    if (segment.isEmpty()) {
      // Only the segment after a trailing slash may be empty ("/" itself included).
      return last;
    }
    if (segment.equals(".") || segment.equals("..")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == ';' || c == '\\' || c < 0x20 || c == 0x7F) {
        return false;
      }
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return false;
        }
        int high = Character.digit(segment.charAt(i + 1), 16);
        int low = Character.digit(segment.charAt(i + 2), 16);
        if (high < 0 || low < 0 || mustStayLiteral((char) (high * 16 + low))) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /** Characters whose encoded form is a second spelling of the path, or changes its structure. */
  private static boolean mustStayLiteral(char decoded) {
    return (decoded >= 'A' && decoded <= 'Z')
        || (decoded >= 'a' && decoded <= 'z')
        || (decoded >= '0' && decoded <= '9')
        || decoded == '-'
        || decoded == '.'
        || decoded == '_'
        || decoded == '~'
        || decoded == '/'
        || decoded == '\\'
        || decoded == ';'
        || decoded == '%'
        || decoded < 0x20
        || decoded == 0x7F;
  }
}
