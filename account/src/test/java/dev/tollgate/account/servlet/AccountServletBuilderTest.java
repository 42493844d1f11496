package dev.tollgate.account.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.account.apikey.ApiKeyEligibility;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.revocation.RevocationRegistry;
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

/**
 * The account servlet's builder checks each setting when it is given, refuses it given twice, and
 * checks in {@code build()} that nothing is missing and the settings agree; messages name the
 * setting.
 */
class AccountServletBuilderTest {
  private static final URI ACCOUNT = URI.create("https://app.example.com/account");

  static AccountServlet.Builder complete() {
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

    assertEquals("account:manage", servlet.config().manageScope());
    assertEquals("account:read", servlet.config().readScope());
    assertEquals(Duration.ofSeconds(5), servlet.config().retryAfter());
    assertEquals(Set.of(), servlet.config().allowedClientIds());
  }

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of(
            "apiKeys",
            (UnaryOperator<AccountServlet.Builder>)
                b -> b.apiKeys(ApiKeyService.builder(ApiKeyStore.inMemory()).build())),
        Arguments.of(
            "connections",
            (UnaryOperator<AccountServlet.Builder>) b -> b.connections(ConnectionStore.inMemory())),
        Arguments.of(
            "revocations",
            (UnaryOperator<AccountServlet.Builder>)
                b -> b.revocations(RevocationRegistry.inMemory())),
        Arguments.of(
            "accounts",
            (UnaryOperator<AccountServlet.Builder>) b -> b.accounts(AccountDirectory.inMemory())),
        Arguments.of(
            "entitlement",
            (UnaryOperator<AccountServlet.Builder>)
                b -> b.entitlement(ApiKeyEligibility.allowAll())),
        Arguments.of("resource", (UnaryOperator<AccountServlet.Builder>) b -> b.resource(ACCOUNT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missing")
  void buildWhenARequiredSettingIsMissingThenRefusedNamingIt(
      String setting, UnaryOperator<AccountServlet.Builder> unused) {
    AccountServlet.Builder builder = AccountServlet.builder();
    missing()
        .filter(row -> !row.get()[0].equals(setting))
        .forEach(row -> castOperator(row.get()[1]).apply(builder));

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

    assertEquals(setting + " is required", e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static UnaryOperator<AccountServlet.Builder> castOperator(Object value) {
    return (UnaryOperator<AccountServlet.Builder>) value;
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
    AccountServlet.Builder builder = complete().allowedClientIds(Set.of("page"));
    assertThrows(IllegalStateException.class, () -> builder.allowedClientIds(Set.of("other")));
    assertEquals(Set.of("page"), builder.build().config().allowedClientIds());
  }

  /** Every required setting, and the recorder that also sets the connections. */
  static Stream<Arguments> singleValued() {
    return Stream.concat(
        missing(),
        Stream.of(
            Arguments.of(
                "connections",
                (UnaryOperator<AccountServlet.Builder>)
                    b ->
                        b.connections(
                            ConnectionRecorder.builder(ConnectionStore.inMemory()).build()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleValued")
  void requiredSettingWhenGivenTwiceThenRefusedNamingIt(
      String setting, UnaryOperator<AccountServlet.Builder> set) {
    AccountServlet.Builder builder = complete();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.apply(builder));

    assertTrue(e.getMessage().startsWith(setting + " was already set"), e.getMessage());
  }

  @Test
  void connectionsWhenRecorderAfterStoreOrStoreAfterRecorderThenRefused() {
    ConnectionRecorder recorder = ConnectionRecorder.builder(ConnectionStore.inMemory()).build();

    assertThrows(
        IllegalStateException.class,
        () ->
            AccountServlet.builder().connections(ConnectionStore.inMemory()).connections(recorder));
    assertThrows(
        IllegalStateException.class,
        () ->
            AccountServlet.builder().connections(recorder).connections(ConnectionStore.inMemory()));
  }

  @Test
  void optionalSettingsWhenGivenTwiceThenRefusedNamingWhatWasSet() {
    AccountServlet.Builder builder =
        complete()
            .grantRevoker(disconnection -> {})
            .manageScope("acct:write")
            .readScope("acct:view")
            .retryAfter(Duration.ofSeconds(7));

    assertThrows(IllegalStateException.class, () -> builder.grantRevoker(disconnection -> {}));
    IllegalStateException manage =
        assertThrows(IllegalStateException.class, () -> builder.manageScope("other"));
    assertEquals("manageScope was already set to acct:write", manage.getMessage());
    IllegalStateException read =
        assertThrows(IllegalStateException.class, () -> builder.readScope("other"));
    assertEquals("readScope was already set to acct:view", read.getMessage());
    IllegalStateException retry =
        assertThrows(IllegalStateException.class, () -> builder.retryAfter(Duration.ofSeconds(1)));
    assertEquals("retryAfter was already set to PT7S", retry.getMessage());
    AccountServletConfig config = builder.build().config();
    assertEquals("acct:write", config.manageScope());
    assertEquals("acct:view", config.readScope());
    assertEquals(Duration.ofSeconds(7), config.retryAfter());
  }

  @Test
  void buildWhenReadScopeIsTheManageScopeThenRefused() {
    IllegalStateException same =
        assertThrows(
            IllegalStateException.class,
            () -> complete().manageScope("acct").readScope("acct").build());
    assertTrue(same.getMessage().startsWith("readScope and manageScope are both 'acct'"));

    // The manage scope set to the default read scope, without a read scope of its own.
    IllegalStateException defaulted =
        assertThrows(
            IllegalStateException.class,
            () -> complete().manageScope(AccountServlet.DEFAULT_READ_SCOPE).build());
    assertTrue(defaulted.getMessage().contains("'account:read'"), defaulted.getMessage());
  }

  @Test
  void grantRevokerWhenNotGivenThenNoneConfigured() {
    assertNull(complete().build().config().grantRevoker());
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
                    untouchable, "/account", mcpGate, CorsPolicy.defaults(), complete().build()));
    assertTrue(e.getMessage().contains("https://app.example.com/mcp"), e.getMessage());
  }
}
