/**
 * Test support for Spring Boot applications behind Tollgate: {@link
 * dev.tollgate.spring.boot.test.AutoConfigureTollgateTestIssuer} points the starter at a local
 * token issuer from {@code tollgate-testing}, so a {@code @SpringBootTest} mints valid and broken
 * tokens against the real filter.
 */
@NullMarked
package dev.tollgate.spring.boot.test;

import org.jspecify.annotations.NullMarked;
