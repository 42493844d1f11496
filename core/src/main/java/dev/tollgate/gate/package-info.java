/**
 * The gate engine: {@link dev.tollgate.gate.Tollgate} runs the pipeline (header, credential,
 * resolvers, revocation, entitlement, scopes, limits) and returns a {@link dev.tollgate.Decision};
 * {@link dev.tollgate.gate.McpAwareGate} reads the MCP message for rules that need it. Adapters
 * (the servlet filter, the Spring Boot starter) build on this package; nothing else in core does.
 */
@NullMarked
package dev.tollgate.gate;

import org.jspecify.annotations.NullMarked;
