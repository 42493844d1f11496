/**
 * Test support for applications behind Tollgate: {@link dev.tollgate.testing.LocalIssuer}, a real
 * authorization server on loopback that mints valid and deliberately broken access tokens; {@link
 * dev.tollgate.testing.TollgateTestIssuer}, a JUnit 5 extension around it; {@link
 * dev.tollgate.testing.TestApiKeys}, API keys in memory; and {@link
 * dev.tollgate.testing.StaticCredentialResolver}, a fixed credential table for fast unit tests.
 *
 * <p>Meant for test scope only: the issuer authenticates nobody and its keys live in memory.
 */
@NullMarked
package dev.tollgate.testing;

import org.jspecify.annotations.NullMarked;
