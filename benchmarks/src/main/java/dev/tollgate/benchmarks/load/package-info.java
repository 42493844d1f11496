/** The load test's server and helpers; driven by {@code benchmarks/load.sh}. */
@NullMarked
package dev.tollgate.benchmarks.load;

import org.jspecify.annotations.NullMarked;
