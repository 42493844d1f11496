/**
 * Revocation: refuse, from the next request on, credentials of an account or of one connected
 * client that were issued before the revocation, even while a JWT for them is still unexpired.
 *
 * <p>{@link dev.tollgate.revocation.RevocationRegistry} is the SPI; {@link
 * dev.tollgate.revocation.RevocationRegistry#inMemory()} serves one node and {@link
 * dev.tollgate.revocation.JdbcRevocationRegistry} several nodes over one shared table.
 */
@NullMarked
package dev.tollgate.revocation;

import org.jspecify.annotations.NullMarked;
