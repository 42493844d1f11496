package dev.tollgate.spring.boot;

import dev.tollgate.config.SettingSource;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * The filter's settings read from Spring's {@link Environment}: key {@code jwks-uri} is the
 * property {@code tollgate.jwks-uri}, found with Spring's relaxed binding ({@code
 * tollgate.jwksUri}, {@code TOLLGATE_JWKS_URI}, YAML lists). The keys, defaults and validation stay
 * the filter's ({@link dev.tollgate.config.TollgateSettings}); this only finds values.
 */
final class SpringSettingSource implements SettingSource {
  static final String PREFIX = "tollgate";

  private final Binder binder;

  SpringSettingSource(Environment environment) {
    this.binder = Binder.get(Objects.requireNonNull(environment, "environment == null"));
  }

  @Override
  public @Nullable String get(String key) {
    ConfigurationPropertyName name = ConfigurationPropertyName.of(propertyName(key));
    String value = binder.bind(name, Bindable.of(String.class)).orElse(null);
    if (value != null) {
      return value;
    }
    // A YAML list (tollgate.scopes: [mcp, mcp:credits]) has no single value; the filter reads
    // lists space- or comma-separated.
    List<String> items = binder.bind(name, Bindable.listOf(String.class)).orElse(List.of());
    return items.isEmpty() ? null : String.join(" ", items);
  }

  /** {@code jwks-uri} becomes {@code tollgate.jwks-uri}. */
  static String propertyName(String key) {
    return PREFIX + "." + key;
  }
}
