package dev.tollgate.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * Parses an IPv6 literal (RFC 4291 §2.2) into its eight 16-bit groups without any name lookup,
 * which {@link java.net.InetAddress#getByName(String)} could do for a string that is not a literal.
 */
final class Ipv6 {
  private Ipv6() {}

  /** The eight groups, or {@code null} when {@code text} is not an IPv6 literal. */
  static int @Nullable [] parse(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = gap < 0 ? groups(text) : groups(text.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2));
    if (head == null || tail == null) {
      return null;
    }
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] result = new int[8];
    System.arraycopy(head, 0, result, 0, head.length);
    System.arraycopy(tail, 0, result, 8 - tail.length, tail.length);
    return result;
  }

  static boolean isIpv4Mapped(int[] groups) {
    for (int i = 0; i < 5; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    return groups[5] == 0xffff;
  }

  /** Colon-separated groups; a trailing dotted IPv4 part counts as two groups. */
  private static int @Nullable [] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    boolean dotted = parts[parts.length - 1].indexOf('.') >= 0;
    int count = parts.length + (dotted ? 1 : 0);
    if (count > 8) {
      return null;
    }
    int[] groups = new int[count];
    for (int i = 0; i < parts.length - (dotted ? 1 : 0); i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        int digit = Character.digit(part.charAt(j), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      groups[i] = value;
    }
    if (dotted) {
      int[] v4 = ipv4(parts[parts.length - 1]);
      if (v4 == null) {
        return null;
      }
      groups[count - 2] = (v4[0] << 8) | v4[1];
      groups[count - 1] = (v4[2] << 8) | v4[3];
    }
    return groups;
  }

  /** The four octets of a dotted-quad IPv4 literal, or {@code null} when it is not one. */
  static int @Nullable [] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] bytes = new int[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return null;
      }
      bytes[i] = value;
    }
    return bytes;
  }
}
