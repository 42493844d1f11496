/** A caching, single-flight decorator for any {@link dev.tollgate.CredentialResolver}. */
@NullMarked
package dev.tollgate.cache;

import org.jspecify.annotations.NullMarked;
