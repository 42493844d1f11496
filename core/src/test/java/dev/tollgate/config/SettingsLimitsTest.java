package dev.tollgate.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.bearer.BearerTokenExtractor;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.gate.Tollgate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every bound a setting has is the bound the builder it configures enforces: one limit, owned by
 * core.
 */
class SettingsLimitsTest {
  private static final CredentialResolver NONE = credential -> Resolution.notMine();

  @Test
  void cacheLifetimesWhenPastTheBoundThenBuilderAndSettingRefuse() {
    Duration hour = CachingCredentialResolver.MAX_MAX_LIFETIME;
    Duration rejected = CachingCredentialResolver.MAX_REJECTED_LIFETIME;

    assertDoesNotThrow(() -> CachingCredentialResolver.builder(NONE).maxLifetime(hour));
    assertThrows(
        IllegalArgumentException.class,
        () -> CachingCredentialResolver.builder(NONE).maxLifetime(hour.plusSeconds(1)));
    assertRefused(TollgateSettings.CACHE_MAX_LIFETIME, hour.plusSeconds(1).toString());

    assertDoesNotThrow(() -> CachingCredentialResolver.builder(NONE).rejectedLifetime(rejected));
    assertThrows(
        IllegalArgumentException.class,
        () -> CachingCredentialResolver.builder(NONE).rejectedLifetime(rejected.plusSeconds(1)));
    assertRefused(TollgateSettings.CACHE_REJECTED_LIFETIME, rejected.plusSeconds(1).toString());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            CachingCredentialResolver.builder(NONE)
                .maximumSize(CachingCredentialResolver.MAX_MAXIMUM_SIZE + 1));
    assertRefused(
        TollgateSettings.CACHE_MAXIMUM_SIZE,
        Long.toString(CachingCredentialResolver.MAX_MAXIMUM_SIZE + 1));
  }

  @Test
  void retryAfterWhenPastTheBoundThenBuilderAndSettingRefuse() {
    Duration max = Tollgate.MAX_RETRY_AFTER;

    assertDoesNotThrow(() -> Tollgate.builder().retryAfter(max));
    assertThrows(
        IllegalArgumentException.class, () -> Tollgate.builder().retryAfter(max.plusSeconds(1)));
    assertRefused(TollgateSettings.RETRY_AFTER, max.plusSeconds(1).toString());
  }

  @Test
  void maxHeaderLengthWhenOutsideTheBoundsThenBuilderAndSettingRefuse() {
    int min = BearerTokenExtractor.MIN_MAX_HEADER_LENGTH;
    int max = BearerTokenExtractor.MAX_MAX_HEADER_LENGTH;

    assertDoesNotThrow(() -> Tollgate.builder().maxHeaderLength(max));
    assertThrows(IllegalArgumentException.class, () -> Tollgate.builder().maxHeaderLength(max + 1));
    assertThrows(IllegalArgumentException.class, () -> Tollgate.builder().maxHeaderLength(min - 1));
    assertRefused(TollgateSettings.MAX_HEADER_LENGTH, Integer.toString(max + 1));
    assertRefused(TollgateSettings.MAX_HEADER_LENGTH, Integer.toString(min - 1));
  }

  private static void assertRefused(String key, String value) {
    Map<String, String> values = new HashMap<>();
    values.put(TollgateSettings.RESOURCE, "https://mcp.example.com/mcp");
    values.put(key, value);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TollgateSettings.load(SettingSource.of(values)));
    assertTrue(e.getMessage().contains("(" + key + ")"), e.getMessage());
  }
}
