package dev.tollgate.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.tollgate.mcp.McpCall.Problem;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON-RPC {@code method} and, for {@code tools/call}, {@code params.name} from an MCP
 * message body, with Jackson's streaming parser: nothing but those two strings (and which of {@code
 * id}, {@code result} and {@code error} are present) is kept. A body without {@code method} is a
 * JSON-RPC response when it has an {@code id} (a string or a number) and exactly one of {@code
 * result} and {@code error} ({@link McpCall.Response}); anything else without a method, and any
 * message that is both a request and a response, is rejected.
 *
 * <p>The caller caps the body's size; this parser caps nesting at {@link #MAX_DEPTH} (deep enough
 * for real tool arguments, shallow enough that a hostile body costs no stack) and the method and
 * tool name at {@link #MAX_NAME_LENGTH} characters (the MCP tool-name limit). It never throws for
 * bad input: a batch, malformed JSON, duplicate keys (which parsers resolve differently, so a rule
 * could be checked against one name and the call served for another), a missing method, a
 * non-string name, or headers that disagree with the body each yield {@link McpCall.Rejected}. A
 * response disagrees with any {@code Mcp-Method} or {@code Mcp-Name} header, as it has no method.
 */
public final class McpCallParser {
  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;

  /** The longest method or tool name accepted. */
  public static final int MAX_NAME_LENGTH = 128;

  private static final String TOOLS_CALL = "tools/call";
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private McpCallParser() {}

  /** The call in {@code body}, or why it cannot be told. */
  public static McpCall parse(byte[] body) {
    return parse(body, null, null);
  }

  /**
   * As {@link #parse(byte[])}, also checking the {@code Mcp-Method} and {@code Mcp-Name} header
   * values, when given, against the body: a request that says one thing in its headers and another
   * in its body is rejected, so a rule can never be checked against the wrong one.
   */
  public static McpCall parse(
      byte[] body, @Nullable String headerMethod, @Nullable String headerName) {
    Objects.requireNonNull(body, "body == null");
    Fields fields;
    try {
      fields = read(body);
    } catch (StreamConstraintsException e) {
      return rejected(Problem.TOO_DEEP, "The JSON-RPC message is nested too deeply");
    } catch (IOException | RuntimeException e) {
      return rejected(Problem.MALFORMED, "The request body is not a well-formed JSON-RPC message");
    }
    if (fields.batch) {
      return rejected(
          Problem.BATCH, "JSON-RPC batches are not supported; send one message per request");
    }
    boolean response = fields.resultSeen || fields.errorSeen;
    if (!fields.methodSeen) {
      return response(fields, headerMethod, headerName);
    }
    if (response) {
      return rejected(
          Problem.AMBIGUOUS, "A JSON-RPC message cannot be both a request and a response");
    }
    String method = fields.method;
    if (method == null || !isName(method)) {
      return rejected(Problem.INVALID_METHOD, "The JSON-RPC method must be a short string");
    }
    String toolName = null;
    if (TOOLS_CALL.equals(method)) {
      if (fields.name == null || !isName(fields.name)) {
        return rejected(
            Problem.INVALID_TOOL_NAME, "A tools/call message needs params.name as a short string");
      }
      toolName = fields.name;
    }
    if (headerMethod != null && !headerMethod.equals(method)) {
      return rejected(Problem.HEADER_MISMATCH, "The Mcp-Method header does not match the body");
    }
    if (headerName != null && !headerName.equals(fields.name)) {
      return rejected(Problem.HEADER_MISMATCH, "The Mcp-Name header does not match the body");
    }
    return new McpCall.Parsed(method, toolName);
  }

  /** A message without a method: a well-formed response, or rejected. */
  private static McpCall response(
      Fields fields, @Nullable String headerMethod, @Nullable String headerName) {
    if (!fields.resultSeen && !fields.errorSeen) {
      return rejected(
          Problem.MISSING_METHOD,
          "The JSON-RPC message has neither a method nor a result or error");
    }
    if (fields.resultSeen && fields.errorSeen) {
      return rejected(Problem.AMBIGUOUS, "A JSON-RPC response cannot carry both result and error");
    }
    if (!fields.validId) {
      return rejected(
          Problem.INVALID_ID, "A JSON-RPC response needs an id that is a string or number");
    }
    if (headerMethod != null || headerName != null) {
      return rejected(
          Problem.HEADER_MISMATCH, "The Mcp-Method or Mcp-Name header does not match the body");
    }
    return new McpCall.Response();
  }

  /** The raw fields of interest; {@code method} / {@code name} are null when not strings. */
  private static final class Fields {
    boolean batch;
    boolean methodSeen;
    boolean resultSeen;
    boolean errorSeen;
    boolean validId;
    @Nullable String method;
    @Nullable String name;
  }

  private static Fields read(byte[] body) throws IOException {
    Fields fields = new Fields();
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_ARRAY) {
        fields.batch = true;
        return fields;
      }
      if (token != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("method".equals(field)) {
          fields.methodSeen = true;
          fields.method = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          parser.skipChildren();
        } else if ("params".equals(field) && value == JsonToken.START_OBJECT) {
          readParams(parser, fields);
        } else if ("id".equals(field)) {
          fields.validId = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT;
          parser.skipChildren();
        } else if ("result".equals(field)) {
          fields.resultSeen = true;
          parser.skipChildren();
        } else if ("error".equals(field)) {
          fields.errorSeen = true;
          parser.skipChildren();
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new IOException("not exactly one JSON object");
      }
    }
    return fields;
  }

  private static void readParams(JsonParser parser, Fields fields) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("name".equals(field) && value == JsonToken.VALUE_STRING) {
        fields.name = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("params is not a JSON object");
    }
  }

  private static boolean isName(String value) {
    if (value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static McpCall rejected(Problem problem, String description) {
    return new McpCall.Rejected(problem, description);
  }
}
