package dev.tollgate.account.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.gate.Tollgate;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.account.apikey.ApiKeyEligibility;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.config.CorsPolicy;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The account servlet's configuration is checked once, with messages that name the setting. */
class AccountServletConfigTest {
  private static final URI ACCOUNT = URI.create("https://app.example.com/account");

  static AccountServletConfig.Builder complete() {
    return AccountServlet.builder()
        .apiKeys(ApiKeyService.builder(ApiKeyStore.inMemory()).build())
        .connections(ConnectionStore.inMemory())
        .revocations(RevocationRegistry.inMemory())
        .accounts(AccountDirectory.inMemory())
        .entitlement(ApiKeyEligibility.allowAll())
        .resource(ACCOUNT);
  }

  @Test
  void buildWhenCompleteThenServletWithDefaultScopes() {
    AccountServlet servlet = complete().build();

    assertTrue(servlet instanceof AccountServlet);
    assertEquals("account:manage", AccountServletConfig.DEFAULT_MANAGE_SCOPE);
  }

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of(
            "apiKeys",
            (UnaryOperator<AccountServletConfig.Builder>)
                b -> b.apiKeys(ApiKeyService.builder(ApiKeyStore.inMemory()).build())),
        Arguments.of(
            "connections",
            (UnaryOperator<AccountServletConfig.Builder>)
                b -> b.connections(ConnectionStore.inMemory())),
        Arguments.of(
            "revocations",
            (UnaryOperator<AccountServletConfig.Builder>)
                b -> b.revocations(RevocationRegistry.inMemory())),
        Arguments.of(
            "accounts",
            (UnaryOperator<AccountServletConfig.Builder>)
                b -> b.accounts(AccountDirectory.inMemory())),
        Arguments.of(
            "entitlement",
            (UnaryOperator<AccountServletConfig.Builder>)
                b -> b.entitlement(ApiKeyEligibility.allowAll())),
        Arguments.of(
            "resource",
            (UnaryOperator<AccountServletConfig.Builder>) b -> b.resource(ACCOUNT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missing")
  void buildWhenARequiredSettingIsMissingThenRefusedNamingIt(
      String setting, UnaryOperator<AccountServletConfig.Builder> unused) {
    AccountServletConfig.Builder builder = AccountServlet.builder();
    missing()
        .filter(row -> !row.get()[0].equals(setting))
        .forEach(row -> castOperator(row.get()[1]).apply(builder));

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

    assertEquals(setting + " is required", e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static UnaryOperator<AccountServletConfig.Builder> castOperator(Object value) {
    return (UnaryOperator<AccountServletConfig.Builder>) value;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "account manage", "a\"b", "a\\b", "caf\u00e9"})
  void manageScopeWhenNotAScopeTokenThenRefusedNamingTheSetting(String scope) {
    IllegalArgumentException manage =
        assertThrows(IllegalArgumentException.class, () -> complete().manageScope(scope));
    IllegalArgumentException read =
        assertThrows(IllegalArgumentException.class, () -> complete().readScope(scope));

    assertTrue(manage.getMessage().startsWith("manageScope"));
    assertTrue(read.getMessage().startsWith("readScope"));
  }

  @Test
  void resourceWhenRelativeQueriedOrUnquotableThenRefusedNamingTheSetting() throws Exception {
    URI nonAscii = new URI("https", "h.example", "/caf\u00e9", null);
    for (URI url :
        new URI[] {
          URI.create("/relative"),
          URI.create("https://h.example/account?x=1"),
          URI.create("https://h.example/"),
          URI.create("https://h.example"),
          nonAscii
        }) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> AccountServlet.builder().resource(url));
      assertTrue(e.getMessage().startsWith("resource"), e.getMessage());
    }
  }

  @Test
  void resourceWhenSetTwiceThenRefusedNamingTheFirst() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> complete().resource(ACCOUNT));
    assertTrue(e.getMessage().contains(ACCOUNT.toString()), e.getMessage());
  }

  @Test
  void resourceWhenBuiltThenChallengesPointToItsPathSuffixedMetadata() {
    AccountServletConfig config = complete().build().config();

    assertEquals(ACCOUNT, config.resource());
    assertEquals(
        URI.create("https://app.example.com/.well-known/oauth-protected-resource/account"),
        config.resourceMetadataUrl());
  }

  @Test
  void allowedClientIdsWhenEmptyInvalidOrGivenTwiceThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> complete().allowedClientIds(Set.of()));
    assertThrows(
        IllegalArgumentException.class, () -> complete().allowedClientIds(Set.of("bad id")));
    AccountServletConfig.Builder builder = complete().allowedClientIds(Set.of("page"));
    assertThrows(IllegalStateException.class, () -> builder.allowedClientIds(Set.of("other")));
    assertEquals(Set.of("page"), builder.build().config().allowedClientIds());
  }

  @Test
  void grantRevokerWhenGivenTwiceThenRefused() {
    AccountServletConfig.Builder builder = complete().grantRevoker(GrantRevoker.none());

    assertThrows(IllegalStateException.class, () -> builder.grantRevoker(GrantRevoker.none()));
  }

  @Test
  void retryAfterWhenNotPositiveThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> complete().retryAfter(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> complete().retryAfter(Duration.ofSeconds(-1)));
  }

  @Test
  void mountAccountWhenTheGateProtectsAnotherResourceThenRefusedBeforeTouchingTheContext() {
    Tollgate mcpGate =
        Tollgate.builder()
            .resource(URI.create("https://app.example.com/mcp"))
            .authorizationServer(URI.create("https://auth.example.com"))
            .resolver(credential -> dev.tollgate.Resolution.invalid("unused"))
            .build();
    ServletContext untouchable =
        (ServletContext)
            Proxy.newProxyInstance(
                ServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> {
                  throw new AssertionError("context touched: " + method.getName());
                });

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AccountEndpoints.mountAccount(
                    untouchable,
                    "/account",
                    mcpGate,
                    CorsPolicy.defaults(),
                    complete().build()));
    assertTrue(e.getMessage().contains("https://app.example.com/mcp"), e.getMessage());
  }
}
