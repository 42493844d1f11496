package dev.tollgate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.bearer.BearerError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Properties of {@link McpCallParser}: it never throws, whatever the bytes; and for any JSON tree
 * it agrees with a plain tree-model reading of the same message.
 */
class McpCallParserPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // Enumerating the edge cases of nested trees costs more than it finds; random samples suffice.
  @Property(tries = 2000, edgeCases = EdgeCasesMode.FIRST)
  void parseWhenArbitraryBytesThenNeverThrows(
      @ForAll("bodies") byte[] body,
      @ForAll("headerValues") @Nullable String headerMethod,
      @ForAll("headerValues") @Nullable String headerName) {
    McpCall call = McpCallParser.parse(body, headerMethod, headerName);

    assertNotNull(call);
    if (call instanceof McpCall.Rejected rejected) {
      assertTrue(BearerError.isErrorValue(rejected.description()));
    }
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.FIRST)
  void parseWhenArbitraryJsonTreeThenAgreesWithTreeModel(@ForAll("messages") JsonNode message)
      throws Exception {
    byte[] body = JSON.writeValueAsBytes(message);

    McpCall call = McpCallParser.parse(body);

    McpCall expected = expected(message);
    if (expected instanceof McpCall.Rejected rejected) {
      assertEquals(rejected.problem(), assertInstanceOf(McpCall.Rejected.class, call).problem());
    } else {
      assertEquals(expected, call);
    }
  }

  @Property(tries = 200)
  void parseWhenNestedBeyondMaxDepthThenRejectedNeverThrows(@ForAll("deepBodies") byte[] body) {
    McpCall.Rejected rejected = assertInstanceOf(McpCall.Rejected.class, McpCallParser.parse(body));

    assertTrue(
        rejected.problem() == McpCall.Problem.TOO_DEEP
            || rejected.problem() == McpCall.Problem.BATCH,
        rejected.problem().toString());
  }

  /**
   * The oracle: the same rules over Jackson's tree model (which resolves nothing ambiguous here).
   */
  private static McpCall expected(JsonNode message) {
    if (message.isArray()) {
      return rejected(McpCall.Problem.BATCH);
    }
    if (!message.isObject()) {
      return rejected(McpCall.Problem.MALFORMED);
    }
    boolean response = message.has("result") || message.has("error");
    if (!message.has("method")) {
      if (!response) {
        return rejected(McpCall.Problem.MISSING_METHOD);
      }
      if (message.has("result") && message.has("error")) {
        return rejected(McpCall.Problem.AMBIGUOUS);
      }
      JsonNode id = message.get("id");
      if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
        return rejected(McpCall.Problem.INVALID_ID);
      }
      return new McpCall.Response();
    }
    if (response) {
      return rejected(McpCall.Problem.AMBIGUOUS);
    }
    JsonNode method = message.get("method");
    if (!method.isTextual() || !isName(method.textValue())) {
      return rejected(McpCall.Problem.INVALID_METHOD);
    }
    if (!"tools/call".equals(method.textValue())) {
      return new McpCall.Parsed(method.textValue(), null);
    }
    JsonNode params = message.get("params");
    JsonNode name = params != null && params.isObject() ? params.get("name") : null;
    if (name == null || !name.isTextual() || !isName(name.textValue())) {
      return rejected(McpCall.Problem.INVALID_TOOL_NAME);
    }
    return new McpCall.Parsed("tools/call", name.textValue());
  }

  private static boolean isName(String value) {
    return !value.isEmpty()
        && value.length() <= McpCallParser.MAX_NAME_LENGTH
        && value.chars().noneMatch(c -> c < 0x20 || c == 0x7F);
  }

  private static McpCall rejected(McpCall.Problem problem) {
    return new McpCall.Rejected(problem, "expected");
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings()
            .withChars(
                "{}[]\":,\\ \t\nmethodparamsname/tools/call0123456789.eE+-truefalsenull\u00e9\u0000")
            .ofMaxLength(400)
            .map(text -> text.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> truncated =
        Combinators.combine(messages(), Arbitraries.integers().between(0, 400))
            .as(
                (message, cut) -> {
                  byte[] whole = toBytes(message);
                  return java.util.Arrays.copyOf(whole, Math.min(cut, whole.length));
                });
    return Arbitraries.oneOf(random, jsonish, truncated);
  }

  @Provide
  Arbitrary<@Nullable String> headerValues() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of("tools/call", "tools/list", "search"),
        Arbitraries.strings().all().ofMaxLength(40));
  }

  @Provide
  Arbitrary<JsonNode> messages() {
    Arbitrary<JsonNode> method =
        Arbitraries.oneOf(
            Arbitraries.of("tools/call", "tools/list", "initialize", "notifications/initialized")
                .map(NODES::textNode),
            names().map(NODES::textNode),
            trees());
    Arbitrary<JsonNode> params =
        Arbitraries.oneOf(
            Combinators.combine(
                    names().map(NODES::textNode).injectNull(0.1), trees(), trees().injectNull(0.5))
                .as(McpCallParserPropertyTest::params),
            trees());
    Arbitrary<JsonNode> object =
        Combinators.combine(
                method.optional(0.9),
                params.optional(0.8),
                Arbitraries.maps(keys(), trees()).ofMaxSize(3))
            .as(McpCallParserPropertyTest::message);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, object), net.jqwik.api.Tuple.of(1, trees()));
  }

  private static JsonNode params(
      @Nullable JsonNode name, JsonNode arguments, @Nullable JsonNode extra) {
    ObjectNode params = NODES.objectNode();
    if (name != null) {
      params.set("name", name);
    }
    params.set("arguments", arguments);
    if (extra != null) {
      params.set("_meta", extra);
    }
    return params;
  }

  private static JsonNode message(
      Optional<JsonNode> method, Optional<JsonNode> params, Map<String, JsonNode> others) {
    ObjectNode message = NODES.objectNode();
    message.put("jsonrpc", "2.0");
    others.forEach(message::set);
    method.ifPresent(value -> message.set("method", value));
    params.ifPresent(value -> message.set("params", value));
    return message;
  }

  private Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "search", "get_weather", "", "x".repeat(128), "x".repeat(129), "a\u0000b", "tab\there"),
        text(140));
  }

  private Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.of("id", "name", "arguments", "result", "error", "Method", "params "),
        text(12));
  }

  /**
   * Any text that encodes to UTF-8: no lone surrogates, which Jackson would write as bytes that are
   * not UTF-8 (those are covered by {@link #bodies()}).
   */
  private static Arbitrary<String> text(int maxLength) {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\uD7FF')
        .withCharRange('\uE000', '\uFFFF')
        .ofMaxLength(maxLength);
  }

  /** Arbitrary JSON values, nested up to 4 levels (well under {@link McpCallParser#MAX_DEPTH}). */
  private Arbitrary<JsonNode> trees() {
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            text(30).map(NODES::textNode),
            Arbitraries.longs().map(NODES::numberNode),
            Arbitraries.doubles().map(NODES::numberNode),
            Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
    return Arbitraries.recursive(
        () -> leaf,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(items -> (JsonNode) NODES.arrayNode().addAll(items)),
                Arbitraries.maps(keys(), inner)
                    .ofMaxSize(3)
                    .map(
                        fields -> {
                          ObjectNode node = NODES.objectNode();
                          fields.forEach(node::set);
                          return (JsonNode) node;
                        })),
        0,
        4);
  }

  @Provide
  Arbitrary<byte[]> deepBodies() {
    return Combinators.combine(
            Arbitraries.integers().between(McpCallParser.MAX_DEPTH + 1, 100_000),
            Arbitraries.of(
                "[", "{\"a\":", "{\"method\":\"tools/call\",\"params\":{\"arguments\":["))
        .as((depth, opener) -> deep(depth, opener));
  }

  private static byte[] deep(int depth, String opener) {
    StringBuilder text = new StringBuilder(opener.length() * depth);
    text.append("{\"x\":");
    for (int i = 0; i < depth; i++) {
      text.append(opener.startsWith("{\"method") && i > 0 ? "[" : opener);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] toBytes(JsonNode message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
