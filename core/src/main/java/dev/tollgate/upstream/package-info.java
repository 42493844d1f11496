/**
 * Credentials checked by an existing HTTP "who am I" API: the API that already knows the
 * application's tokens or keys says whose they are.
 */
@NullMarked
package dev.tollgate.upstream;

import org.jspecify.annotations.NullMarked;
