package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.TollgateSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@link SpringSettingSource}: the filter's keys found with Spring's relaxed binding. */
class SpringSettingSourceTest {

  @Test
  void getWhenKebabCasePropertyThenValue() {
    SpringSettingSource source =
        source(Map.of("tollgate.jwks-uri", "https://auth.example.com/jwks"));

    assertThat(source.get(TollgateSettings.JWKS_URI)).isEqualTo("https://auth.example.com/jwks");
  }

  @Test
  void getWhenCamelCasePropertyThenValue() {
    SpringSettingSource source =
        source(Map.of("tollgate.jwksUri", "https://auth.example.com/jwks"));

    assertThat(source.get(TollgateSettings.JWKS_URI)).isEqualTo("https://auth.example.com/jwks");
  }

  @Test
  void getWhenEnvironmentVariableThenValue() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "env", Map.of("TOLLGATE_CACHE_MAX_LIFETIME", "PT30S")));

    assertThat(new SpringSettingSource(environment).get(TollgateSettings.CACHE_MAX_LIFETIME))
        .isEqualTo("PT30S");
  }

  @Test
  void getWhenIndexedListThenItemsJoined() {
    SpringSettingSource source =
        source(Map.of("tollgate.scopes[0]", "mcp", "tollgate.scopes[1]", "mcp:credits"));

    assertThat(source.get(TollgateSettings.SCOPES)).isEqualTo("mcp mcp:credits");
  }

  @Test
  void getWhenValueHasCommaThenKeptWhole() {
    SpringSettingSource source =
        source(Map.of("tollgate.resource-name", "Tools, reports and more"));

    assertThat(source.get(TollgateSettings.RESOURCE_NAME)).isEqualTo("Tools, reports and more");
  }

  @Test
  void getWhenUnsetThenNull() {
    assertThat(source(Map.of()).get(TollgateSettings.ISSUER)).isNull();
  }

  @Test
  void loadWhenEveryKeyGivenThenSettingsUseThem() {
    TollgateSettings settings =
        TollgateSettings.load(
            source(
                Map.of(
                    "tollgate.resource", "https://mcp.example.com/mcp",
                    "tollgate.issuer", "https://auth.example.com",
                    "tollgate.jwksUri", "https://auth.example.com/jwks",
                    "tollgate.scopes", "mcp, mcp:credits",
                    "tollgate.mcp-body-limit", "2048")));

    assertThat(settings.resource()).hasToString("https://mcp.example.com/mcp");
    assertThat(settings.jwksUri()).hasToString("https://auth.example.com/jwks");
    assertThat(settings.requiredScopes()).containsExactlyInAnyOrder("mcp", "mcp:credits");
    assertThat(settings.mcpBodyLimit()).isEqualTo(2048);
  }

  private static SpringSettingSource source(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return new SpringSettingSource(environment);
  }
}
