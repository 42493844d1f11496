package dev.tollgate.spring.boot;

import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import org.jspecify.annotations.Nullable;

/**
 * A {@code tollgate.*} property the filter's settings refused; names the Spring property, so the
 * start-up failure report (see {@link TollgatePropertyFailureAnalyzer}) points at it.
 */
final class TollgatePropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String problem;

  TollgatePropertyException(String key, String problem, @Nullable Throwable cause) {
    super(SpringSettingSource.propertyName(key) + ": " + problem, cause);
    this.key = key;
    this.problem = problem;
  }

  /**
   * Translates a settings failure, whose message starts with the environment variable and the key
   * ({@code TOLLGATE_JWKS_URI (jwks-uri): ...}), into one naming {@code tollgate.jwks-uri}.
   */
  static IllegalArgumentException of(IllegalArgumentException failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    for (String key : TollgateSettings.KEYS) {
      String label = SettingSource.environmentName(key) + " (" + key + "): ";
      if (message.startsWith(label)) {
        return new TollgatePropertyException(key, message.substring(label.length()), failure);
      }
    }
    return failure;
  }

  /** The Spring property, e.g. {@code tollgate.jwks-uri}. */
  String property() {
    return SpringSettingSource.propertyName(key);
  }

  /** The environment variable that sets the same property, e.g. {@code TOLLGATE_JWKS_URI}. */
  String environmentVariable() {
    return SettingSource.environmentName(key);
  }

  String problem() {
    return problem;
  }
}
