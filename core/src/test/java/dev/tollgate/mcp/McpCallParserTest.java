package dev.tollgate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.bearer.BearerError;
import dev.tollgate.mcp.McpCall.Problem;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class McpCallParserTest {

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", "tools/list", null),
        Arguments.of(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"charge\",\"arguments\":{\"amount\":5}}}",
            "tools/call",
            "charge"),
        // params before method, arguments nested and holding a decoy "name" and "method".
        Arguments.of(
            "{\"params\":{\"arguments\":{\"name\":\"decoy\",\"method\":\"x\",\"deep\":[[{\"a\":[1,2,{}]}]]},\"name\":\"search\"},\"method\":\"tools/call\",\"id\":\"a\"}",
            "tools/call",
            "search"),
        Arguments.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "notifications/initialized",
            null),
        // A name outside tools/call is not a tool name.
        Arguments.of(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"greeting\"}}",
            "prompts/get",
            null),
        Arguments.of(" \n{\"method\":\"ping\"}\n ", "ping", null),
        Arguments.of(
            "{\"method\":\"tools/call\",\"params\":{\"name\":\"\\u0063harge\"}}",
            "tools/call",
            "charge"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("wellFormed")
  void parseWhenSingleMessageThenMethodAndToolName(String body, String method, String tool) {
    McpCall call = McpCallParser.parse(bytes(body));

    assertEquals(new McpCall.Parsed(method, tool), call);
  }

  static Stream<String> responses() {
    return Stream.of(
        "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"x\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}",
        "{\"result\":null,\"id\":0}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"srv-2\",\"error\":{\"code\":-32601,\"message\":\"no\"}}");
  }

  @ParameterizedTest
  @MethodSource("responses")
  void parseWhenClientResponseThenResponse(String body) {
    assertEquals(new McpCall.Response(), McpCallParser.parse(bytes(body)));
  }

  @Test
  void parseWhenResponseWithMcpHeaderThenHeaderMismatch() {
    byte[] body = bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");

    assertEquals(Problem.HEADER_MISMATCH, problem(McpCallParser.parse(body, "tools/list", null)));
    assertEquals(Problem.HEADER_MISMATCH, problem(McpCallParser.parse(body, null, "charge")));
  }

  private static Problem problem(McpCall call) {
    return assertInstanceOf(McpCall.Rejected.class, call).problem();
  }

  static Stream<Arguments> hostile() {
    String deep = "{\"method\":\"ping\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    String deepInParams =
        "{\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"arguments\":"
            + "{\"a\":".repeat(200)
            + "1"
            + "}".repeat(200)
            + "}}";
    String hugeMethod = "{\"method\":\"" + "m".repeat(1_000_000) + "\"}";
    String hugeName =
        "{\"method\":\"tools/call\",\"params\":{\"name\":\"" + "n".repeat(1_000_000) + "\"}}";
    return Stream.of(
        Arguments.of("batch", "[{\"method\":\"tools/list\"}]", Problem.BATCH),
        Arguments.of("empty batch", "[]", Problem.BATCH),
        Arguments.of("empty body", "", Problem.MALFORMED),
        Arguments.of("whitespace", "   ", Problem.MALFORMED),
        Arguments.of("string", "\"tools/list\"", Problem.MALFORMED),
        Arguments.of("number", "42", Problem.MALFORMED),
        Arguments.of("null", "null", Problem.MALFORMED),
        Arguments.of("truncated", "{\"method\":\"tools/list\"", Problem.MALFORMED),
        Arguments.of("trailing garbage", "{\"method\":\"ping\"} x", Problem.MALFORMED),
        Arguments.of(
            "two objects", "{\"method\":\"ping\"}{\"method\":\"tools/call\"}", Problem.MALFORMED),
        Arguments.of("single quotes", "{'method':'ping'}", Problem.MALFORMED),
        Arguments.of("comment", "{/*x*/\"method\":\"ping\"}", Problem.MALFORMED),
        Arguments.of(
            "duplicate method",
            "{\"method\":\"tools/list\",\"method\":\"tools/call\"}",
            Problem.MALFORMED),
        Arguments.of(
            "duplicate name",
            "{\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"name\":\"charge\"}}",
            Problem.MALFORMED),
        Arguments.of("unterminated string", "{\"method\":\"ping", Problem.MALFORMED),
        Arguments.of("control char in string", "{\"method\":\"pi\u0001ng\"}", Problem.MALFORMED),
        Arguments.of("nested too deep", deep, Problem.TOO_DEEP),
        Arguments.of("too deep in arguments", deepInParams, Problem.TOO_DEEP),
        Arguments.of("empty object", "{}", Problem.MISSING_METHOD),
        Arguments.of("id alone", "{\"jsonrpc\":\"2.0\",\"id\":1}", Problem.MISSING_METHOD),
        Arguments.of(
            "request and result",
            "{\"id\":1,\"method\":\"tools/list\",\"result\":{}}",
            Problem.AMBIGUOUS),
        Arguments.of(
            "notification and error",
            "{\"method\":\"ping\",\"error\":{\"code\":1}}",
            Problem.AMBIGUOUS),
        Arguments.of(
            "result and error",
            "{\"id\":1,\"result\":{},\"error\":{\"code\":1}}",
            Problem.AMBIGUOUS),
        Arguments.of(
            "result without id", "{\"jsonrpc\":\"2.0\",\"result\":{}}", Problem.INVALID_ID),
        Arguments.of("result with null id", "{\"id\":null,\"result\":{}}", Problem.INVALID_ID),
        Arguments.of(
            "result with object id", "{\"id\":{\"a\":1},\"result\":{}}", Problem.INVALID_ID),
        Arguments.of("result with fractional id", "{\"id\":1.5,\"result\":{}}", Problem.INVALID_ID),
        Arguments.of(
            "duplicate result", "{\"id\":1,\"result\":{},\"result\":{}}", Problem.MALFORMED),
        Arguments.of("method is number", "{\"method\":1}", Problem.INVALID_METHOD),
        Arguments.of("method is null", "{\"method\":null}", Problem.INVALID_METHOD),
        Arguments.of(
            "method is object", "{\"method\":{\"a\":\"tools/call\"}}", Problem.INVALID_METHOD),
        Arguments.of("method is array", "{\"method\":[\"tools/call\"]}", Problem.INVALID_METHOD),
        Arguments.of("method empty", "{\"method\":\"\"}", Problem.INVALID_METHOD),
        Arguments.of(
            "method escaped control", "{\"method\":\"tools/call\\u0000\"}", Problem.INVALID_METHOD),
        Arguments.of("huge method", hugeMethod, Problem.INVALID_METHOD),
        Arguments.of(
            "tools/call without params", "{\"method\":\"tools/call\"}", Problem.INVALID_TOOL_NAME),
        Arguments.of(
            "params is array",
            "{\"method\":\"tools/call\",\"params\":[\"charge\"]}",
            Problem.INVALID_TOOL_NAME),
        Arguments.of(
            "name is number",
            "{\"method\":\"tools/call\",\"params\":{\"name\":7}}",
            Problem.INVALID_TOOL_NAME),
        Arguments.of(
            "name is null",
            "{\"method\":\"tools/call\",\"params\":{\"name\":null}}",
            Problem.INVALID_TOOL_NAME),
        Arguments.of(
            "name is object",
            "{\"method\":\"tools/call\",\"params\":{\"name\":{\"x\":\"charge\"}}}",
            Problem.INVALID_TOOL_NAME),
        Arguments.of(
            "name empty",
            "{\"method\":\"tools/call\",\"params\":{\"name\":\"\"}}",
            Problem.INVALID_TOOL_NAME),
        Arguments.of(
            "name has newline",
            "{\"method\":\"tools/call\",\"params\":{\"name\":\"a\\nb\"}}",
            Problem.INVALID_TOOL_NAME),
        Arguments.of("huge name", hugeName, Problem.INVALID_TOOL_NAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void parseWhenHostileBodyThenRejectedWithoutThrowing(String label, String body, Problem problem) {
    McpCall call = McpCallParser.parse(bytes(body));

    McpCall.Rejected rejected = assertInstanceOf(McpCall.Rejected.class, call, label);
    assertEquals(problem, rejected.problem(), label);
    assertTrue(BearerError.isErrorValue(rejected.description()), rejected.description());
    assertTrue(rejected.description().length() < 100, "fixed phrase, no echo");
  }

  @Test
  void parseWhenInvalidUtf8ThenMalformed() {
    byte[] body = {
      '{', '"', 'm', 'e', 't', 'h', 'o', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
    };

    McpCall call = McpCallParser.parse(body);

    assertEquals(Problem.MALFORMED, assertInstanceOf(McpCall.Rejected.class, call).problem());
  }

  @Test
  void parseWhenDeepButWithinLimitThenParsed() {
    int depth = McpCallParser.MAX_DEPTH - 3; // object, params, arguments already nest three deep
    String body =
        "{\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"arguments\":"
            + "[".repeat(depth)
            + "]".repeat(depth)
            + "}}";

    assertEquals(new McpCall.Parsed("tools/call", "a"), McpCallParser.parse(bytes(body)));
  }

  @Test
  void parseWhenLargeArgumentStringThenParsed() {
    String body =
        "{\"method\":\"tools/call\",\"params\":{\"name\":\"upload\",\"arguments\":{\"data\":\""
            + "x".repeat(2_000_000)
            + "\"}}}";

    assertEquals(new McpCall.Parsed("tools/call", "upload"), McpCallParser.parse(bytes(body)));
  }

  static Stream<Arguments> headers() {
    String call = "{\"method\":\"tools/call\",\"params\":{\"name\":\"search\"}}";
    String list = "{\"method\":\"tools/list\"}";
    return Stream.of(
        // body, Mcp-Method, Mcp-Name, matches
        Arguments.of(call, "tools/call", "search", true),
        Arguments.of(call, "tools/call", null, true),
        Arguments.of(call, null, "search", true),
        Arguments.of(list, "tools/list", null, true),
        Arguments.of(call, "tools/list", null, false),
        Arguments.of(call, "tools/call", "charge", false),
        Arguments.of(call, "Tools/Call", "search", false),
        Arguments.of(call, "tools/call", "Search", false),
        Arguments.of(list, "tools/call", null, false),
        Arguments.of(list, "tools/list", "search", false),
        Arguments.of(call, "", null, false));
  }

  @ParameterizedTest(name = "Mcp-Method={1} Mcp-Name={2} -> match={3}")
  @MethodSource("headers")
  void parseWhenHeadersGivenThenCheckedAgainstBody(
      String body, String method, String name, boolean matches) {
    McpCall call = McpCallParser.parse(bytes(body), method, name);

    if (matches) {
      assertInstanceOf(McpCall.Parsed.class, call);
    } else {
      assertEquals(
          Problem.HEADER_MISMATCH, assertInstanceOf(McpCall.Rejected.class, call).problem());
    }
  }

  @Test
  void parseWhenPromptNameHeaderMatchesParamsNameThenAccepted() {
    String body = "{\"method\":\"prompts/get\",\"params\":{\"name\":\"greeting\"}}";

    assertEquals(
        new McpCall.Parsed("prompts/get", null),
        McpCallParser.parse(bytes(body), "prompts/get", "greeting"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
