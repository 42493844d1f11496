/**
 * Optional Micrometer metrics for the gate: decisions by outcome and reason, resolver latency,
 * cache hit ratio and dependency health. Start at {@link dev.tollgate.metrics.TollgateMetrics}.
 *
 * <p>Only this package refers to Micrometer, and {@code micrometer-core} is an optional dependency
 * of {@code tollgate-core}: an application without Micrometer never loads these classes and the
 * rest of the library works as before.
 */
@NullMarked
package dev.tollgate.metrics;

import org.jspecify.annotations.NullMarked;
