package dev.tollgate.mcp;

import java.io.IOException;

/**
 * Reads the MCP message of one request, for {@link
 * dev.tollgate.gate.Tollgate#decide(dev.tollgate.RequestView, McpCallReader)}. The gate calls it at
 * most once, and only after the request's credential has been extracted, resolved and found
 * unrevoked, so an unauthenticated client (or one the failure rate limiter is holding off) never
 * makes the adapter buffer or parse a body.
 *
 * <p>An adapter typically checks the content type, reads the body up to a limit and hands it to
 * {@link McpCallParser}, turning each problem into {@link McpCall.Rejected} (a body over the limit
 * as {@link McpCall.Problem#TOO_LARGE}).
 */
@FunctionalInterface
public interface McpCallReader {

  /**
   * The request's MCP message, or why it cannot be attributed to one.
   *
   * @throws IOException when the body cannot be read (the client went away, or a read timed out);
   *     the gate answers 400
   */
  McpCall read() throws IOException;
}
