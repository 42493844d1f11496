package dev.tollgate.spring.boot;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The starter's own properties, beside the filter's {@code tollgate.*} keys (which are bound into
 * {@link dev.tollgate.config.TollgateSettings}, not here).
 *
 * @param enabled whether to register the Tollgate filter at all
 * @param apiKeyScopes scopes every API key ({@code tgk_...}) is granted; default {@code
 *     tollgate.scopes}. Name MCP scopes only, never account-management ones
 * @param store where API keys and revocations live when the application declares no {@code
 *     ApiKeyStore} / {@code RevocationCheck} bean: {@code none} (no API keys), {@code memory}, or
 *     {@code jdbc} (the application's {@code DataSource}; tables created if missing)
 */
@ConfigurationProperties(SpringSettingSource.PREFIX)
public record TollgateStarterProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue Set<String> apiKeyScopes,
    @DefaultValue("none") Store store) {

  public TollgateStarterProperties {
    apiKeyScopes = Set.copyOf(apiKeyScopes);
  }

  /** Where the starter keeps API keys and revocations. */
  public enum Store {
    /** Nowhere: API keys only with an {@code ApiKeyStore} bean of the application's. */
    NONE,
    /** In memory: lost at restart, not shared between nodes; for development and tests. */
    MEMORY,
    /** In the application's {@code DataSource}, shared by every node. */
    JDBC
  }
}
