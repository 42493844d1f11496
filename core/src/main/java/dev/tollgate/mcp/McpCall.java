package dev.tollgate.mcp;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an MCP message body says, for the rules that depend on it: a call (request or notification),
 * a client's response to a server request, or why the body was rejected.
 */
public sealed interface McpCall permits McpCall.Parsed, McpCall.Response, McpCall.Rejected {

  /**
   * A single JSON-RPC request or notification.
   *
   * @param method the JSON-RPC {@code method}, e.g. {@code tools/call}
   * @param toolName for {@code tools/call}, {@code params.name}; otherwise {@code null}
   */
  record Parsed(String method, @Nullable String toolName) implements McpCall {
    public Parsed {
      Objects.requireNonNull(method, "method == null");
    }
  }

  /**
   * A JSON-RPC response: an {@code id} with exactly one of {@code result} and {@code error}, and no
   * {@code method}. In MCP streamable HTTP this is how a client answers the server's requests
   * (elicitation, sampling, {@code roots/list}, {@code ping}). It names no method or tool, so only
   * the rules that apply to every message (and the path) apply to it.
   */
  record Response() implements McpCall {}

  /**
   * The body cannot be attributed to one method (and tool), so no method or tool rule can be
   * applied to it. {@code description} is a fixed phrase within RFC 6750's character set.
   */
  record Rejected(Problem problem, String description) implements McpCall {
    public Rejected {
      Objects.requireNonNull(problem, "problem == null");
      Objects.requireNonNull(description, "description == null");
    }

    /** The HTTP status to answer: 413 for {@link Problem#TOO_LARGE}, otherwise 400. */
    public int status() {
      return problem == Problem.TOO_LARGE ? 413 : 400;
    }
  }

  /** Why a body was rejected; {@link Rejected#status()} gives the response status. */
  enum Problem {
    /** A JSON array: a JSON-RPC batch, which MCP (2025-06-18 and later) no longer allows. */
    BATCH,
    /** Not one well-formed JSON object (including invalid encoding and duplicate keys). */
    MALFORMED,
    /** Nested deeper than {@link McpCallParser#MAX_DEPTH}. */
    TOO_DEEP,
    /** Neither a {@code method} nor a response's {@code result} or {@code error}: not JSON-RPC. */
    MISSING_METHOD,
    /** {@code method} is not a string, is empty, too long, or has control characters. */
    INVALID_METHOD,
    /** A {@code tools/call} whose {@code params.name} is missing, not a string, or unacceptable. */
    INVALID_TOOL_NAME,
    /**
     * Both a request and a response ({@code method} with {@code result} or {@code error}), or a
     * response with both {@code result} and {@code error}: servers would read it differently.
     */
    AMBIGUOUS,
    /** A response whose {@code id} is missing, null, or neither a string nor a number. */
    INVALID_ID,
    /** The {@code Mcp-Method} / {@code Mcp-Name} headers disagree with the body. */
    HEADER_MISMATCH,
    /**
     * The {@code Mcp-Method} or {@code Mcp-Name} header is repeated, empty, too long or not text.
     */
    INVALID_HEADER,
    /** The body is not sent with a JSON content type, or in a charset that is not supported. */
    NOT_JSON,
    /** The body is larger than the adapter reads (413). */
    TOO_LARGE
  }
}
