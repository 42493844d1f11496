/**
 * Opaque access tokens checked by OAuth 2.0 Token Introspection (RFC 7662), with the audience bound
 * to this resource (RFC 8707).
 */
@NullMarked
package dev.tollgate.introspection;

import org.jspecify.annotations.NullMarked;
