package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServletSettingSourcesTest {
  private static final String RESOURCE = "https://mcp.example.com/mcp";

  @ParameterizedTest(name = "[{index}] init={0} context={1} property={2} env={3} -> {4}")
  @CsvSource(
      value = {
        "init, context, property, env, init",
        "NULL, context, property, env, context",
        "NULL, NULL, property, env, property",
        "NULL, NULL, NULL, env, env",
        "'', context, NULL, env, context",
        "init, NULL, NULL, env, init",
        "NULL, NULL, NULL, NULL, NULL"
      },
      nullValues = "NULL")
  void servletSourcesWhenKeySetInSeveralPlacesThenInitParamThenContextThenPropertyThenEnvironment(
      @Nullable String init,
      @Nullable String context,
      @Nullable String property,
      @Nullable String environment,
      @Nullable String expected) {
    String key = TollgateSettings.RESOURCE_NAME;
    Properties properties = new Properties();
    if (property != null) {
      properties.setProperty("tollgate." + key, property);
    }
    Map<String, String> env = new HashMap<>();
    env.put("TOLLGATE_RESOURCE", RESOURCE);
    if (environment != null) {
      env.put("TOLLGATE_RESOURCE_NAME", environment);
    }
    FakeFilterConfig config = new FakeFilterConfig(single(key, init), single(key, context));

    TollgateSettings settings =
        TollgateSettings.load(
            ServletSettingSources.of(
                config,
                SettingSource.systemProperties(properties),
                SettingSource.environment(env::get)));

    assertEquals(expected, settings.resourceName());
  }

  private static Map<String, String> single(String key, @Nullable String value) {
    return value == null ? Map.of() : Map.of(key, value);
  }
}
