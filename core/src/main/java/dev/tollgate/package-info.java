/**
 * Tollgate: a container-neutral Bearer gate for MCP servers.
 *
 * <p>{@link dev.tollgate.gate.Tollgate} takes a {@link dev.tollgate.RequestView} and returns a
 * {@link dev.tollgate.Decision}: allow with a {@link dev.tollgate.TollgatePrincipal}, challenge
 * (RFC 6750 §3), or unavailable (a dependency is down; fail closed with 503).
 */
@NullMarked
package dev.tollgate;

import org.jspecify.annotations.NullMarked;
