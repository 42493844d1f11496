/**
 * JMH benchmarks and measurement programs for Tollgate's per-request budget: the cached decision,
 * cold JWT verification against Nimbus and Spring Security, single flight, and cache footprint.
 * Nothing here is a library API; see {@code benchmarks/PERFORMANCE.md}.
 */
@NullMarked
package dev.tollgate.benchmarks;

import org.jspecify.annotations.NullMarked;
