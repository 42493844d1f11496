/**
 * Helpers shared by Tollgate's HTTP-backed resolvers: bounded exchanges and JSON values. Not API:
 * may change in any release without notice.
 */
@NullMarked
package dev.tollgate.internal;

import org.jspecify.annotations.NullMarked;
