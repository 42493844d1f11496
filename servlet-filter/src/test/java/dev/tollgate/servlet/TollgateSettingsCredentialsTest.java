package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialRouter;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings for introspection, the resolution cache and the MCP body limit. */
class TollgateSettingsCredentialsTest {
  private static final String RESOURCE = "https://mcp.example.com/mcp";
  private static final String INTROSPECT = "https://auth.example.com/introspect";

  @Test
  void loadWhenNewKeysUnsetThenDefaults() {
    TollgateSettings settings = load(Map.of("resource", RESOURCE));

    assertNull(settings.introspectionUri());
    assertNull(settings.introspectionClientId());
    assertEquals(Duration.ofMinutes(5), settings.cacheMaxLifetime());
    assertEquals(Duration.ofSeconds(10), settings.cacheRejectedLifetime());
    assertEquals(100_000, settings.cacheMaximumSize());
    assertEquals(1 << 20, settings.mcpBodyLimit());
  }

  @Test
  void loadWhenNewKeysSetThenParsed() {
    TollgateSettings settings =
        load(
            Map.of(
                "resource", RESOURCE,
                "introspection-uri", INTROSPECT,
                "introspection-client-id", "rs",
                "introspection-client-secret", "secret",
                "cache-max-lifetime", "PT1M",
                "cache-rejected-lifetime", "0",
                "cache-maximum-size", "500",
                "mcp-body-limit", "65536"));

    assertEquals(URI.create(INTROSPECT), settings.introspectionUri());
    assertEquals("rs", settings.introspectionClientId());
    assertEquals(Duration.ofMinutes(1), settings.cacheMaxLifetime());
    assertEquals(Duration.ZERO, settings.cacheRejectedLifetime());
    assertEquals(500, settings.cacheMaximumSize());
    assertEquals(65536, settings.mcpBodyLimit());
    assertTrue(
        TollgateSettings.KEYS.containsAll(
            List.of(
                "introspection-uri",
                "introspection-client-id",
                "introspection-client-secret",
                "cache-max-lifetime",
                "cache-rejected-lifetime",
                "cache-maximum-size",
                "mcp-body-limit")));
  }

  static Stream<Arguments> misconfigurations() {
    return Stream.of(
        Arguments.of(
            Map.of("introspection-uri", INTROSPECT, "introspection-client-secret", "s"),
            "TOLLGATE_INTROSPECTION_CLIENT_ID (introspection-client-id): is required when TOLLGATE_INTROSPECTION_URI"),
        Arguments.of(
            Map.of("introspection-uri", INTROSPECT, "introspection-client-id", "rs"),
            "TOLLGATE_INTROSPECTION_CLIENT_SECRET (introspection-client-secret): is required when"),
        Arguments.of(
            Map.of("introspection-client-id", "rs", "introspection-client-secret", "s"),
            "TOLLGATE_INTROSPECTION_URI (introspection-uri): is required when TOLLGATE_INTROSPECTION_CLIENT_ID"),
        Arguments.of(
            Map.of(
                "introspection-uri",
                "ftp://auth.example.com/x",
                "introspection-client-id",
                "rs",
                "introspection-client-secret",
                "s"),
            "TOLLGATE_INTROSPECTION_URI (introspection-uri): must be an absolute http(s) URL"),
        Arguments.of(
            Map.of("cache-max-lifetime", "0"),
            "TOLLGATE_CACHE_MAX_LIFETIME (cache-max-lifetime): must be between"),
        Arguments.of(
            Map.of("cache-max-lifetime", "PT2H"),
            "TOLLGATE_CACHE_MAX_LIFETIME (cache-max-lifetime): must be between"),
        Arguments.of(
            Map.of("cache-rejected-lifetime", "PT10M"),
            "TOLLGATE_CACHE_REJECTED_LIFETIME (cache-rejected-lifetime): must be between"),
        Arguments.of(
            Map.of("cache-maximum-size", "0"),
            "TOLLGATE_CACHE_MAXIMUM_SIZE (cache-maximum-size): must be between"),
        Arguments.of(
            Map.of("cache-maximum-size", "lots"),
            "TOLLGATE_CACHE_MAXIMUM_SIZE (cache-maximum-size): must be a whole number"),
        Arguments.of(
            Map.of("mcp-body-limit", "100"),
            "TOLLGATE_MCP_BODY_LIMIT (mcp-body-limit): must be between 1024 and 16777216"),
        Arguments.of(
            Map.of("mcp-body-limit", "1MB"),
            "TOLLGATE_MCP_BODY_LIMIT (mcp-body-limit): must be a whole number"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("misconfigurations")
  void loadWhenMisconfiguredThenFailureNamesKey(Map<String, String> values, String expectedStart) {
    Map<String, String> all = new HashMap<>(values);
    all.put("resource", RESOURCE);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(all));

    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
  }

  @Test
  void initWhenIntrospectionUriWithoutClientIdThenFilterFailsNamingKey() {
    FakeFilterConfig config =
        new FakeFilterConfig(
            Map.of(
                "resource",
                RESOURCE,
                "introspection-uri",
                INTROSPECT,
                "introspection-client-secret",
                "s"),
            Map.of());

    ServletException e =
        assertThrows(ServletException.class, () -> new TollgateFilter().init(config));

    assertTrue(
        e.getMessage().contains("TOLLGATE_INTROSPECTION_CLIENT_ID (introspection-client-id)"),
        e.getMessage());
  }

  @Test
  void toTollgateWhenOnlyIntrospectionConfiguredThenBuilds() {
    Tollgate gate =
        load(Map.of(
                "resource",
                RESOURCE,
                "introspection-uri",
                INTROSPECT,
                "introspection-client-id",
                "rs",
                "introspection-client-secret",
                "secret",
                "authorization-servers",
                "https://auth.example.com"))
            .toTollgate();

    assertEquals(URI.create(RESOURCE), gate.resource());
  }

  @Test
  void toTollgateWhenNoTokenVerifierThenFailureNamesIssuerAndIntrospection() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> load(Map.of("resource", RESOURCE)).toTollgate());

    assertTrue(e.getMessage().startsWith("TOLLGATE_ISSUER (issuer): is required"), e.getMessage());
    assertTrue(e.getMessage().contains("introspection-uri"), e.getMessage());
  }

  @Test
  void credentialRouterWhenApiKeyPrefixThenKeyReachesKeyResolverOnEveryRequest() {
    AtomicInteger calls = new AtomicInteger();
    TollgatePrincipal owner = TollgatePrincipal.builder("acct-1").build();
    CredentialRouter router =
        load(Map.of(
                "resource",
                RESOURCE,
                "issuer",
                "https://auth.example.com",
                "jwks-uri",
                "https://auth.example.com/jwks"))
            .credentialRouter(
                "tgk_",
                credential -> {
                  calls.incrementAndGet();
                  return Resolution.resolved(owner);
                });

    router.resolve(Credential.of("tgk_abc"));
    router.resolve(Credential.of("tgk_abc"));

    // Not cached: a renewed or revoked key is seen on the very next request.
    assertEquals(2, calls.get());
  }

  @Test
  void configureWhenOnlyIssuerThenOpaqueCredentialsReachResolverAddedAfter() {
    Tollgate gate =
        load(Map.of(
                "resource",
                RESOURCE,
                "issuer",
                "https://auth.example.com",
                "jwks-uri",
                "https://auth.example.com/jwks"))
            .configure(Tollgate.builder())
            .resolver(new FixedTokenResolver())
            .build();

    Decision decision =
        gate.decide(
            RequestView.of(
                "POST",
                "/mcp",
                Map.of("Authorization", List.of("Bearer " + FixedTokenResolver.GOOD)),
                null));

    assertEquals(FixedTokenResolver.USER, ((Decision.Allow) decision).principal());
  }

  @Test
  void credentialRouterWhenNothingConfiguredThenOnlyApiKeysAreRecognised() {
    CredentialRouter router =
        load(Map.of("resource", RESOURCE))
            .credentialRouter(
                "tgk_", credential -> Resolution.resolved(TollgatePrincipal.builder("a").build()));

    assertTrue(router.resolve(Credential.of("tgk_abc")) instanceof Resolution.Resolved);
    assertTrue(router.resolve(Credential.of("opaque-token")) instanceof Resolution.Invalid);
    assertTrue(router.resolve(Credential.of("a.b.c")) instanceof Resolution.Invalid);
  }

  private static TollgateSettings load(Map<String, String> values) {
    return TollgateSettings.load(SettingSource.of(values));
  }
}
