/**
 * Brute-force resistance: {@link dev.tollgate.ratelimit.FailureRateLimiter} counts failed
 * authorization attempts per client address so the gate can answer 429 before trying yet another
 * guessed credential.
 */
@NullMarked
package dev.tollgate.ratelimit;

import org.jspecify.annotations.NullMarked;
