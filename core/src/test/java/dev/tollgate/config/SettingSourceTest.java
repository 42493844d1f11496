package dev.tollgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingSourceTest {

  @ParameterizedTest
  @CsvSource({
    "resource, TOLLGATE_RESOURCE, tollgate.resource",
    "jwks-uri, TOLLGATE_JWKS_URI, tollgate.jwks-uri",
    "cors-allowed-origins, TOLLGATE_CORS_ALLOWED_ORIGINS, tollgate.cors-allowed-origins"
  })
  void namesWhenKeyThenEnvironmentAndPropertyNames(
      String key, String environment, String property) {
    assertEquals(environment, SettingSource.environmentName(key));
    assertEquals(property, SettingSource.systemPropertyName(key));
  }

  @ParameterizedTest
  @CsvSource({"jwks-uri", "max-header-length"})
  void environmentWhenVariableSetThenFoundUnderUpperSnakeName(String key) {
    SettingSource environment =
        SettingSource.environment(Map.of(SettingSource.environmentName(key), "v")::get);

    assertEquals("v", environment.get(key));
    assertNull(environment.get("issuer"));
  }

  @ParameterizedTest
  @CsvSource({"jwks-uri", "max-header-length"})
  void systemPropertiesWhenPropertySetThenFoundUnderPrefixedName(String key) {
    Properties properties = new Properties();
    properties.setProperty("tollgate." + key, "v");

    assertEquals("v", SettingSource.systemProperties(properties).get(key));
    assertNull(SettingSource.systemProperties(properties).get("issuer"));
  }

  @ParameterizedTest(name = "[{index}] first={0} second={1} -> {2}")
  @CsvSource(
      value = {"a, b, a", "NULL, b, b", "'  ', b, b", "'', b, b", "a, NULL, a", "NULL, NULL, NULL"},
      nullValues = "NULL")
  void firstOfWhenEarlierSourceBlankOrAbsentThenLaterSourceAnswers(
      String first, String second, String expected) {
    SettingSource one = key -> first;
    SettingSource two = key -> second;

    assertEquals(expected, SettingSource.firstOf(one, two).get("resource"));
  }
}
