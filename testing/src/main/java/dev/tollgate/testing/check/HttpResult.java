package dev.tollgate.testing.check;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One response as the checker saw it: status, headers (names case-insensitive) and at most {@link
 * Probe#MAX_BODY} bytes of body. {@code status} is 0 when no response arrived ({@code error} says
 * why).
 */
record HttpResult(
    int status, Map<String, List<String>> headers, String body, @Nullable String error) {

  HttpResult {
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if (name != null) {
            byName.merge(
                name,
                List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
          }
        });
    headers = byName;
  }

  static HttpResult failed(String error) {
    return new HttpResult(0, Map.of(), "", error);
  }

  List<String> all(String name) {
    return headers.getOrDefault(name, List.of());
  }

  @Nullable String first(String name) {
    List<String> values = all(name);
    return values.isEmpty() ? null : values.get(0);
  }

  boolean is2xx() {
    return status >= 200 && status < 300;
  }

  boolean isJson() {
    String type = first("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).contains("json");
  }

  /** A short description for a report line: the status, or why there was none. */
  String describe() {
    return status == 0 ? "no response (" + error + ")" : "HTTP " + status;
  }
}
