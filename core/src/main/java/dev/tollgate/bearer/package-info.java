/**
 * RFC 6750 on the wire: reading the {@code Authorization} header and writing {@code
 * WWW-Authenticate} challenges.
 */
@NullMarked
package dev.tollgate.bearer;

import org.jspecify.annotations.NullMarked;
