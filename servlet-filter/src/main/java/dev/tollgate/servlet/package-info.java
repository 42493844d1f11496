/**
 * Jakarta Servlet 6 adapter for the Tollgate gate: {@link dev.tollgate.servlet.TollgateFilter}
 * translates servlet requests to {@link dev.tollgate.RequestView} and {@link
 * dev.tollgate.Decision}s back to responses, and loads its configuration ({@link
 * dev.tollgate.config.TollgateSettings}) from init-params, context-params, system properties or the
 * environment ({@link dev.tollgate.servlet.ServletSettingSources}).
 */
@NullMarked
package dev.tollgate.servlet;

import org.jspecify.annotations.NullMarked;
