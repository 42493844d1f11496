/**
 * Configuration by keys: {@link dev.tollgate.config.TollgateSettings} reads kebab-case settings
 * from a {@link dev.tollgate.config.SettingSource}, validates them as a whole and builds the gate,
 * so every adapter accepts the same keys with the same defaults, limits and error messages.
 */
@NullMarked
package dev.tollgate.config;

import org.jspecify.annotations.NullMarked;
