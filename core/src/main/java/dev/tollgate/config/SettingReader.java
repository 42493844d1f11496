package dev.tollgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed values from a {@link SettingSource}. Every failure message starts with the
 * environment variable and the key, e.g. {@code TOLLGATE_JWKS_URI (jwks-uri): ...}, so an operator
 * can find the setting whichever way it was given.
 */
final class SettingReader {
  private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,]+");
  private static final Pattern ENTRY_SEPARATOR = Pattern.compile("[;\\r\\n]+");
  private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

  private final SettingSource source;

  SettingReader(SettingSource source) {
    this.source = source;
  }

  /** The trimmed value, or {@code null} when unset or blank. */
  @Nullable String string(String key) {
    String value = source.get(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isISOControl(trimmed.charAt(i))) {
        throw failure(key, "must not contain control characters");
      }
    }
    return trimmed;
  }

  /**
   * Entries separated by {@code ;} or line breaks, each trimmed, empty ones dropped; empty when
   * unset. Unlike {@link #string(String)}, line breaks and tabs are allowed (a {@code web.xml}
   * value may span lines); other control characters are refused.
   */
  List<String> entries(String key) {
    String value = source.get(key);
    List<String> entries = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return entries;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw failure(key, "must not contain control characters");
      }
    }
    for (String entry : ENTRY_SEPARATOR.split(value, -1)) {
      String trimmed = entry.strip();
      if (!trimmed.isEmpty()) {
        entries.add(trimmed);
      }
    }
    return entries;
  }

  /**
   * The {@code NAME=VALUE} entries of {@code key}, in order. An entry without {@code =}, a name
   * {@code checkName} refuses, a value {@code parse} refuses, or a name given twice fails naming
   * the entry; {@code checkName} and {@code parse} refuse with an {@link IllegalArgumentException}
   * whose message says what is wrong.
   *
   * @param expected the entry's shape for the message, e.g. {@code tool=PLAN}
   * @param kind what a name names, e.g. {@code tool}
   */
  <T> Map<String, T> namedEntries(
      String key,
      String expected,
      String kind,
      Consumer<String> checkName,
      Function<String, T> parse) {
    Map<String, T> values = new LinkedHashMap<>();
    for (String entry : entries(key)) {
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw badEntry(key, entry, "expected " + expected, null);
      }
      String name = entry.substring(0, equals).strip();
      T value;
      try {
        checkName.accept(name);
        value = parse.apply(entry.substring(equals + 1).strip());
      } catch (IllegalArgumentException e) {
        throw badEntry(key, entry, String.valueOf(e.getMessage()), e);
      }
      if (values.putIfAbsent(name, value) != null) {
        throw badEntry(key, entry, "the " + kind + " '" + name + "' is given more than once", null);
      }
    }
    return Collections.unmodifiableMap(values);
  }

  private static IllegalArgumentException badEntry(
      String key, String entry, String problem, @Nullable Throwable cause) {
    String message =
        "bad entry '" + entry + "': " + problem + " (entries are separated by ';' or line breaks)";
    return cause != null ? failure(key, message, cause) : failure(key, message);
  }

  /** Space- or comma-separated items; empty when unset. */
  List<String> list(String key) {
    String value = string(key);
    List<String> items = new ArrayList<>();
    if (value != null) {
      for (String item : LIST_SEPARATOR.split(value, -1)) {
        if (!item.isEmpty()) {
          items.add(item);
        }
      }
    }
    return items;
  }

  /** An absolute http(s) URL with a host, no user info and no fragment. */
  @Nullable URI url(String key) {
    String value = string(key);
    return value == null ? null : url(key, value);
  }

  List<URI> urls(String key) {
    List<URI> urls = new ArrayList<>();
    for (String item : list(key)) {
      urls.add(url(key, item));
    }
    return urls;
  }

  /** An ISO-8601 duration ({@code PT30S}) or a whole number of seconds, within the given bounds. */
  @Nullable Duration duration(String key, Duration min, Duration max) {
    String value = string(key);
    if (value == null) {
      return null;
    }
    Duration duration;
    if (SECONDS.matcher(value).matches()) {
      duration = Duration.ofSeconds(Long.parseLong(value));
    } else {
      try {
        duration = Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw failure(
            key,
            "must be an ISO-8601 duration (PT30S) or a number of seconds, was '" + value + "'");
      }
    }
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw failure(key, "must be between " + min + " and " + max + ", was " + duration);
    }
    return duration;
  }

  @Nullable Integer integer(String key, int min, int max) {
    String value = string(key);
    if (value == null) {
      return null;
    }
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw failure(key, "must be a whole number, was '" + value + "'");
    }
    if (number < min || number > max) {
      throw failure(key, "must be between " + min + " and " + max + ", was " + number);
    }
    return number;
  }

  URI url(String key, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw failure(key, "must be an absolute http(s) URL, was '" + value + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || !(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null) {
      throw failure(
          key,
          "must be an absolute http(s) URL with a host, no user info and no fragment, was '"
              + value
              + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        throw failure(key, "must be a plain ASCII URL, was '" + value + "'");
      }
    }
    return uri;
  }

  static IllegalArgumentException failure(String key, String problem) {
    return new IllegalArgumentException(label(key) + ": " + problem);
  }

  /** {@code problem} is usually the cause's message; without one, the cause itself is named. */
  static IllegalArgumentException failure(String key, @Nullable String problem, Throwable cause) {
    return new IllegalArgumentException(
        label(key) + ": " + (problem != null ? problem : cause.toString()), cause);
  }

  /** {@code TOLLGATE_JWKS_URI (jwks-uri)}. */
  static String label(String key) {
    return SettingSource.environmentName(key) + " (" + key + ")";
  }
}
