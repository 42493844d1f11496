/**
 * Spring Boot auto-configuration of the Tollgate filter: {@link
 * dev.tollgate.spring.boot.TollgateAutoConfiguration} binds the {@code tollgate.*} properties into
 * the filter's own {@link dev.tollgate.config.TollgateSettings} (same keys, defaults and
 * validation), builds the {@link dev.tollgate.gate.Tollgate} from them and the application's SPI
 * beans, and registers the {@link dev.tollgate.servlet.TollgateFilter} on the MCP endpoint and the
 * RFC 9728 paths.
 */
@NullMarked
package dev.tollgate.spring.boot;

import org.jspecify.annotations.NullMarked;
