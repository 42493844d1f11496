package dev.tollgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link TollgateSettings} key (kebab-case, e.g. {@code jwks-uri}) finds its value: system
 * properties ({@code tollgate.jwks-uri}), environment variables ({@code TOLLGATE_JWKS_URI}), a map,
 * or an adapter's own source (the servlet filter's init-params and context-params, Spring's
 * environment).
 *
 * <p>A blank value counts as absent, so an empty {@code <param-value/>} falls through to the next
 * source instead of configuring an empty URL.
 */
@FunctionalInterface
public interface SettingSource {

  /** The value of {@code key}, or {@code null} when this source does not set it. */
  @Nullable String get(String key);

  /** JVM system properties named {@code tollgate.<key>}. */
  static SettingSource systemProperties() {
    return key -> System.getProperty(systemPropertyName(key));
  }

  /** {@code properties} read as system properties: {@code tollgate.<key>}. */
  static SettingSource systemProperties(Properties properties) {
    Objects.requireNonNull(properties, "properties == null");
    return key -> properties.getProperty(systemPropertyName(key));
  }

  /** The process environment: {@code TOLLGATE_<KEY_IN_UPPER_SNAKE>}. */
  static SettingSource environment() {
    return environment(System::getenv);
  }

  /** An environment looked up through {@code getenv} (inject a map's {@code get} in tests). */
  static SettingSource environment(Function<String, @Nullable String> getenv) {
    Objects.requireNonNull(getenv, "getenv == null");
    return key -> getenv.apply(environmentName(key));
  }

  /** Values keyed by the kebab-case key itself. */
  static SettingSource of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return copy::get;
  }

  /** The first non-blank value among {@code sources}, asked in order: earlier sources win. */
  static SettingSource firstOf(SettingSource... sources) {
    List<SettingSource> list = List.of(sources);
    return key -> {
      for (SettingSource source : list) {
        String value = source.get(key);
        if (value != null && !value.isBlank()) {
          return value;
        }
      }
      return null;
    };
  }

  /** {@code jwks-uri} becomes {@code tollgate.jwks-uri}. */
  static String systemPropertyName(String key) {
    return "tollgate." + key;
  }

  /** {@code jwks-uri} becomes {@code TOLLGATE_JWKS_URI}. */
  static String environmentName(String key) {
    return "TOLLGATE_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
