package dev.tollgate.testing.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code WWW-Authenticate} field (RFC 9110 §11.6.1): its challenges, each a scheme and
 * auth-params, remembering which values were quoted. Lenient on purpose: the checker reports what
 * it finds rather than stopping at the first syntax error.
 */
final class WwwAuthenticate {
  /** One auth-param as sent. */
  record Param(String name, String value, boolean quoted) {}

  /** One challenge: scheme (lowercased) and its params in order. */
  record Challenge(String scheme, List<Param> params) {
    @Nullable String get(String name) {
      for (Param param : params) {
        if (param.name().equalsIgnoreCase(name)) {
          return param.value();
        }
      }
      return null;
    }

    long count(String name) {
      return params.stream().filter(p -> p.name().equalsIgnoreCase(name)).count();
    }
  }

  private final List<Challenge> challenges;

  private WwwAuthenticate(List<Challenge> challenges) {
    this.challenges = List.copyOf(challenges);
  }

  static WwwAuthenticate parse(List<String> fieldValues) {
    List<Challenge> all = new ArrayList<>();
    for (String value : fieldValues) {
      new Parser(value).parseInto(all);
    }
    return new WwwAuthenticate(all);
  }

  List<Challenge> challenges() {
    return challenges;
  }

  /** The first {@code Bearer} challenge, if any. */
  @Nullable Challenge bearer() {
    return challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst().orElse(null);
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    void parseInto(List<Challenge> out) {
      while (true) {
        skip(" \t,");
        String scheme = token();
        if (scheme.isEmpty()) {
          return;
        }
        List<Param> params = new ArrayList<>();
        out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
        while (true) {
          skip(" \t");
          int start = i;
          String name = token();
          skip(" \t");
          if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
            // token68, end of field, or the next challenge's scheme.
            i = start;
            if (name.isEmpty()) {
              skipUntilComma();
              if (i >= s.length()) {
                return;
              }
            }
            break;
          }
          i++;
          skip(" \t");
          if (i < s.length() && s.charAt(i) == '"') {
            params.add(new Param(name, quoted(), true));
          } else {
            params.add(new Param(name, bare(), false));
          }
          skip(" \t");
          if (i < s.length() && s.charAt(i) == ',') {
            i++;
          } else {
            skipUntilComma();
            break;
          }
        }
        if (i >= s.length()) {
          return;
        }
      }
    }

    private String token() {
      int start = i;
      while (i < s.length() && isTchar(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    /** An unquoted value, read leniently up to the next comma or space. */
    private String bare() {
      int start = i;
      while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
        i++;
      }
      return s.substring(start, i);
    }

    private String quoted() {
      StringBuilder value = new StringBuilder();
      i++;
      while (i < s.length() && s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\' && i < s.length()) {
          c = s.charAt(i++);
        }
        value.append(c);
      }
      i = Math.min(s.length(), i + 1);
      return value.toString();
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private void skipUntilComma() {
      while (i < s.length() && s.charAt(i) != ',') {
        i++;
      }
    }

    private static boolean isTchar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
