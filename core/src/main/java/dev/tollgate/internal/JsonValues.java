package dev.tollgate.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** JSON parsing and conversion for dependency responses. Not API. */
public final class JsonValues {
  // Responses are capped in bytes already; the nesting cap stops a small body from going deep.
  // Duplicate keys are refused: two "active" members must never be read two ways.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(32).build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonValues() {}

  /** Parses {@code body} as JSON; {@code null} when it is not JSON at all. */
  public static @Nullable JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Parses {@code body} as a JSON object; {@code null} when it is not JSON or not an object, the
   * only shape a dependency's answer may have.
   */
  public static @Nullable JsonNode parseObject(byte[] body) {
    JsonNode node = parse(body);
    return node != null && node.isObject() ? node : null;
  }

  /**
   * The tokens of a space-delimited list such as an RFC 6749 §3.3 {@code scope}, in order, without
   * duplicates; runs of spaces yield no empty tokens.
   */
  public static Set<String> spaceDelimited(String value) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String token : value.split(" ", -1)) {
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  /** A JSON value as plain Java: String, Number, Boolean, List, Map; JSON nulls are dropped. */
  public static @Nullable Object toJava(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode element : node) {
        Object value = toJava(element);
        if (value != null) {
          list.add(value);
        }
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties()
          .forEach(
              field -> {
                Object value = toJava(field.getValue());
                if (value != null) {
                  map.put(field.getKey(), value);
                }
              });
      return Collections.unmodifiableMap(map);
    }
    return node.asText();
  }

  /**
   * An RFC 7519 NumericDate: seconds since the epoch, possibly fractional.
   *
   * @throws IllegalArgumentException when {@code node} is present but not a number
   */
  public static @Nullable Instant numericDate(@Nullable JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isNumber()) {
      throw new IllegalArgumentException("not a NumericDate");
    }
    double seconds = node.doubleValue();
    if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e12) {
      throw new IllegalArgumentException("NumericDate out of range");
    }
    long whole = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(whole, (long) ((seconds - whole) * 1_000_000_000L));
  }
}
