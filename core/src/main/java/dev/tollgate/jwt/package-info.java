/** JWT access tokens (RFC 9068) verified with Nimbus JOSE+JWT against a remote or local JWK set. */
@NullMarked
package dev.tollgate.jwt;

import org.jspecify.annotations.NullMarked;
