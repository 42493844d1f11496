package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExampleConfigTest {

  @Test
  void fromEnvironmentWhenEmptyThenDefaults() {
    ExampleConfig config = ExampleConfig.fromEnvironment(Map.of());

    assertEquals(8080, config.port());
    assertEquals(9090, config.devAuthPort());
    assertEquals(URI.create("http://localhost:8080/mcp"), config.resourceFor(8080));
    assertTrue(config.startsDevAuthorizationServer());
    assertNull(config.databaseUrl());
    assertTrue(config.host().isLoopbackAddress());
    assertEquals("127.0.0.1", config.host().getHostAddress());
  }

  @ParameterizedTest(name = "HOST={0}")
  @CsvSource({
    "0.0.0.0,   0.0.0.0",
    "'  ::  ',  0:0:0:0:0:0:0:0",
    "::1,       0:0:0:0:0:0:0:1",
    "[::1],     0:0:0:0:0:0:0:1",
    "10.1.2.3,  10.1.2.3",
  })
  void hostWhenSetThenThatAddress(String value, String expected) {
    assertEquals(
        expected, ExampleConfig.fromEnvironment(Map.of("HOST", value)).host().getHostAddress());
  }

  @ParameterizedTest(name = "TOLLGATE_ACCOUNT_CLIENT_ID=''{0}'' -> {1}")
  @CsvSource({
    "'',              tollgate-account-page",
    "'   ',           tollgate-account-page",
    "my-account-page, my-account-page",
  })
  void accountClientIdWhenVariableSetOrBlankThenItOrTheDefault(String value, String expected) {
    ExampleConfig config =
        ExampleConfig.fromEnvironment(Map.of("TOLLGATE_ACCOUNT_CLIENT_ID", value));

    assertEquals(expected, config.accountClientId());
  }

  @Test
  void accountResourceWhenUnsetThenTheMcpOriginWithAccountPath() {
    URI mcp = URI.create("https://mcp.example.com/mcp");

    assertEquals(
        URI.create("https://mcp.example.com/account"),
        ExampleConfig.fromEnvironment(Map.of()).accountResourceFor(mcp));
    assertEquals(
        URI.create("https://account.example.com/account"),
        ExampleConfig.fromEnvironment(
                Map.of("TOLLGATE_ACCOUNT_RESOURCE", "https://account.example.com/account"))
            .accountResourceFor(mcp));
  }

  @ParameterizedTest
  @CsvSource({"https://mcp.example.com/mcp", "https://mcp.example.com/account?x=1", "/account"})
  void accountResourceWhenNotAnAbsoluteUrlAtTheAccountPathThenRefusedNamingTheVariable(
      String value) {
    ExampleConfig config =
        ExampleConfig.fromEnvironment(Map.of("TOLLGATE_ACCOUNT_RESOURCE", value));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config.accountResourceFor(URI.create("https://mcp.example.com/mcp")));
    assertTrue(e.getMessage().startsWith("TOLLGATE_ACCOUNT_RESOURCE"), e.getMessage());
  }

  @Test
  void fromEnvironmentWhenEverythingSetThenRead() {
    ExampleConfig config =
        ExampleConfig.fromEnvironment(
            Map.of(
                "PORT", "8181",
                "TOLLGATE_RESOURCE", "https://mcp.example.com/mcp",
                "TOLLGATE_ISSUER", "https://login.example.com",
                "TOLLGATE_JWKS_URI", "https://login.example.com/jwks",
                "TOLLGATE_INTROSPECTION_URI", "https://login.example.com/introspect",
                "TOLLGATE_INTROSPECTION_CLIENT_ID", "mcp",
                "TOLLGATE_INTROSPECTION_CLIENT_SECRET", "secret",
                "TOLLGATE_DATABASE_URL", "jdbc:h2:mem:x",
                "TOLLGATE_DEV_AUTH_PORT", "9191",
                "TOLLGATE_ALLOWED_ORIGINS", "https://app.example.com, https://other.example.com"));

    assertEquals(8181, config.port());
    assertEquals(URI.create("https://mcp.example.com/mcp"), config.resourceFor(8181));
    assertFalse(config.startsDevAuthorizationServer());
    assertEquals(URI.create("https://login.example.com/introspect"), config.introspectionUri());
    assertEquals("jdbc:h2:mem:x", config.databaseUrl());
    assertEquals(9191, config.devAuthPort());
    assertEquals(
        List.of("https://app.example.com", "https://other.example.com"),
        config.originsFor(URI.create("https://mcp.example.com/mcp")));
  }

  @Test
  void fromEnvironmentWhenOnlyFormerCorsVariableSetThenItsOriginsAreThePolicy() {
    ExampleConfig config =
        ExampleConfig.fromEnvironment(
            Map.of("TOLLGATE_CORS_ALLOWED_ORIGINS", "https://app.example.com"));

    assertEquals(
        List.of("https://app.example.com"),
        config.originsFor(URI.create("https://mcp.example.com/mcp")));
  }

  @ParameterizedTest(name = "{0}={1} is refused naming {2}")
  @CsvSource({
    "PORT,                       eighty,            PORT",
    "PORT,                       70000,             PORT",
    "TOLLGATE_DEV_AUTH_PORT,     -1,                TOLLGATE_DEV_AUTH_PORT",
    "TOLLGATE_RESOURCE,          /mcp,              TOLLGATE_RESOURCE",
    "TOLLGATE_JWKS_URI,          https://login.example.com/jwks, TOLLGATE_ISSUER",
    "TOLLGATE_INTROSPECTION_URI, https://login.example.com/introspect, TOLLGATE_INTROSPECTION_CLIENT_ID",
    "HOST,                       http://0.0.0.0,    HOST",
    "HOST,                       0.0.0.0 8080,      HOST",
    "HOST,                       '0.0.0.0/0',       HOST",
    "HOST,                       [::1,              HOST",
    "TOLLGATE_DEV_ACCESS_TOKEN_SECONDS, 0,          TOLLGATE_DEV_ACCESS_TOKEN_SECONDS",
    "TOLLGATE_DEV_ACCESS_TOKEN_SECONDS, soon,       TOLLGATE_DEV_ACCESS_TOKEN_SECONDS",
  })
  void fromEnvironmentWhenInvalidThenRefusedNamingTheVariable(
      String name, String value, String named) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExampleConfig.fromEnvironment(Map.of(name, value)));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void devAutoLoginWhenSetWithTheDevelopmentServerThenRead() {
    ExampleConfig config =
        ExampleConfig.fromEnvironment(Map.of("TOLLGATE_DEV_AUTO_LOGIN", "demo-pro"));

    assertEquals("demo-pro", config.devAutoLogin());
    assertNull(ExampleConfig.defaults().devAutoLogin());
  }

  @Test
  void devAutoLoginWhenSetWithAnExternalIssuerThenRefusedNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ExampleConfig.fromEnvironment(
                    Map.of(
                        "TOLLGATE_DEV_AUTO_LOGIN",
                        "demo-pro",
                        "TOLLGATE_ISSUER",
                        "https://login.example.com")));

    assertTrue(
        e.getMessage().contains("TOLLGATE_DEV_AUTO_LOGIN")
            && e.getMessage().contains("TOLLGATE_ISSUER"),
        e.getMessage());
  }

  @Test
  void devAutoLoginWhenNotADemoAccountThenTheServerRefusesToStart() {
    ExampleConfig config =
        ExampleConfig.fromEnvironment(
            Map.of(
                "PORT", "0", "TOLLGATE_DEV_AUTH_PORT", "0", "TOLLGATE_DEV_AUTO_LOGIN", "mallory"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExampleServer.start(config));

    assertTrue(e.getMessage().contains("TOLLGATE_DEV_AUTO_LOGIN"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} allows {1}")
  @CsvSource({
    "http://localhost:8080/mcp,   'http://localhost:8080,http://localhost:*,http://127.0.0.1:*'",
    "https://mcp.example.com/mcp, https://mcp.example.com",
    "https://mcp.example.com:8443/mcp, https://mcp.example.com:8443",
  })
  void originsForWhenNoneConfiguredThenResourceOriginAndLoopbackTools(
      String resource, String origins) {
    assertEquals(
        List.of(origins.split(",")), ExampleConfig.ephemeral().originsFor(URI.create(resource)));
  }

  @ParameterizedTest(name = "{0} accepts Host {1}")
  @CsvSource({
    "http://localhost:8080/mcp,   'localhost:8080,127.0.0.1:8080,[::1]:8080'",
    "https://mcp.example.com/mcp, mcp.example.com",
  })
  void allowedHostsWhenResourceThenItsAuthority(String resource, String hosts) {
    assertEquals(List.of(hosts.split(",")), McpEndpoint.allowedHosts(URI.create(resource)));
  }
}
