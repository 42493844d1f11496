package dev.tollgate.servlet;

import dev.tollgate.config.SettingSource;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Objects;

/** Where the filter reads its {@link dev.tollgate.config.TollgateSettings} keys from. */
public final class ServletSettingSources {
  private ServletSettingSources() {}

  /**
   * Init-params, then context-params, then {@code tollgate.*} system properties, then {@code
   * TOLLGATE_*} environment variables: earlier sources win.
   */
  public static SettingSource of(FilterConfig config) {
    return of(config, SettingSource.systemProperties(), SettingSource.environment());
  }

  static SettingSource of(
      FilterConfig config, SettingSource systemProperties, SettingSource environment) {
    return SettingSource.firstOf(
        filterConfig(config),
        servletContext(config.getServletContext()),
        systemProperties,
        environment);
  }

  /** The filter's {@code <init-param>}s. */
  public static SettingSource filterConfig(FilterConfig config) {
    Objects.requireNonNull(config, "config == null");
    return config::getInitParameter;
  }

  /** The web application's {@code <context-param>}s. */
  public static SettingSource servletContext(ServletContext context) {
    Objects.requireNonNull(context, "context == null");
    return context::getInitParameter;
  }
}
