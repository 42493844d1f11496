/**
 * The Tollgate Spring example: a Spring AI MCP server (WebMVC, streamable HTTP) behind the Tollgate
 * Spring Boot starter, the same product as the Tomcat example written the Spring way.
 */
@NullMarked
package dev.tollgate.spring.example;

import org.jspecify.annotations.NullMarked;
