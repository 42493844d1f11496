/**
 * A bounded soak test of the example server: real loopback JWKS and introspection dependencies that
 * flap, a mix of good and bad credentials, and a count of every decision the gate got wrong. Tagged
 * {@code soak}, so the default build leaves it out; see {@link dev.tollgate.example.soak.SoakTest}
 * for the command.
 */
@NullMarked
package dev.tollgate.example.soak;

import org.jspecify.annotations.NullMarked;
