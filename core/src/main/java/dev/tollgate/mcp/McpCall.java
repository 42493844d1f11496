package dev.tollgate.mcp;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link McpCallParser} made of a request body: the call, or why it was rejected.
 */
public sealed interface McpCall permits McpCall.Parsed, McpCall.Rejected {

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
   * The body cannot be attributed to one method (and tool), so no method or tool rule can be
   * applied to it. {@code description} is a fixed phrase within RFC 6750's character set.
   */
  record Rejected(Problem problem, String description) implements McpCall {
    public Rejected {
      Objects.requireNonNull(problem, "problem == null");
      Objects.requireNonNull(description, "description == null");
    }
  }

  /** Why a body was rejected; adapters choose the response (typically 400). */
  enum Problem {
    /** A JSON array: a JSON-RPC batch, which MCP (2025-06-18 and later) no longer allows. */
    BATCH,
    /** Not one well-formed JSON object (including invalid encoding and duplicate keys). */
    MALFORMED,
    /** Nested deeper than {@link McpCallParser#MAX_DEPTH}. */
    TOO_DEEP,
    /** No {@code method}: a JSON-RPC response, or not JSON-RPC at all. */
    MISSING_METHOD,
    /** {@code method} is not a string, is empty, too long, or has control characters. */
    INVALID_METHOD,
    /** A {@code tools/call} whose {@code params.name} is missing, not a string, or unacceptable. */
    INVALID_TOOL_NAME,
    /** The {@code Mcp-Method} / {@code Mcp-Name} headers disagree with the body. */
    HEADER_MISMATCH
  }
}
