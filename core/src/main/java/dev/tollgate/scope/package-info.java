/**
 * MCP-aware scope rules: required scopes per path, JSON-RPC method and tool, and scope hierarchy.
 */
@NullMarked
package dev.tollgate.scope;

import org.jspecify.annotations.NullMarked;
