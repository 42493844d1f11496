/**
 * tollgate-check: an outside-in authorization checker for any MCP endpoint. It speaks HTTP to a
 * running server as an MCP client would and reports, check by check, where the server departs from
 * the MCP authorization spec, RFC 6750, RFC 9728 and RFC 8414.
 *
 * <p>{@link dev.tollgate.testing.check.TollgateCheck} is the API for tests; {@link
 * dev.tollgate.testing.check.CheckMain} the command line. Runtime dependencies are the JDK's {@code
 * java.net.http} and Jackson only, so the command-line jar stays small and needs no Tollgate.
 */
@NullMarked
package dev.tollgate.testing.check;

import org.jspecify.annotations.NullMarked;
