/**
 * A runnable MCP server behind Tollgate: embedded Tomcat 11, the official MCP Java SDK's streamable
 * HTTP transport at {@code /mcp}, {@link dev.tollgate.servlet.TollgateFilter} in front, demo
 * accounts and, unless an external authorization server is configured, a local development one.
 * Start it with {@link dev.tollgate.example.ExampleServer}.
 */
@NullMarked
package dev.tollgate.example;

import org.jspecify.annotations.NullMarked;
