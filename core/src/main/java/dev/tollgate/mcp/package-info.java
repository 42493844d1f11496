/** Reading the MCP JSON-RPC method and tool name of a request, for scope and entitlement rules. */
@NullMarked
package dev.tollgate.mcp;

import org.jspecify.annotations.NullMarked;
