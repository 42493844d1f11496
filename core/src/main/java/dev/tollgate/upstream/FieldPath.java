package dev.tollgate.upstream;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Where a value sits in the response: a JSON Pointer (RFC 6901) when it starts with {@code /},
 * otherwise the name of a top-level member.
 */
record FieldPath(String setting, JsonPointer pointer) {

  static FieldPath parse(String setting, String name) {
    Objects.requireNonNull(setting, name + " == null");
    if (setting.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    if (setting.startsWith("/")) {
      if (!validEscapes(setting)) {
        throw new IllegalArgumentException(name + " is not a JSON pointer: " + setting);
      }
      try {
        return new FieldPath(setting, JsonPointer.compile(setting));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " is not a JSON pointer: " + setting, e);
      }
    }
    String escaped = setting.replace("~", "~0").replace("/", "~1");
    return new FieldPath(setting, JsonPointer.compile("/" + escaped));
  }

  /** RFC 6901 §3: a {@code ~} is only ever the start of {@code ~0} or {@code ~1}. */
  private static boolean validEscapes(String pointer) {
    for (int i = pointer.indexOf('~'); i >= 0; i = pointer.indexOf('~', i + 1)) {
      if (i + 1 >= pointer.length()
          || (pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1')) {
        return false;
      }
    }
    return true;
  }

  /** The value, or a missing node. */
  JsonNode find(JsonNode root) {
    return root.at(pointer);
  }

  @Override
  public String toString() {
    return setting;
  }
}
