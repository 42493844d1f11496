package dev.tollgate.servlet.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.account.AccountDirectory;
import dev.tollgate.apikey.ApiKeyEligibility;
import dev.tollgate.apikey.ApiKeyService;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.connections.ConnectionStore;
import dev.tollgate.revocation.RevocationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The account servlet's configuration is checked once, with messages that name the setting. */
class AccountServletConfigTest {
  private static final URI METADATA =
      URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");

  static AccountServletConfig.Builder complete() {
    return AccountServlet.builder()
        .apiKeys(ApiKeyService.builder(ApiKeyStore.inMemory()).build())
        .connections(ConnectionStore.inMemory())
        .revocations(RevocationRegistry.inMemory())
        .accounts(AccountDirectory.inMemory())
        .entitlement(ApiKeyEligibility.allowAll())
        .resourceMetadataUrl(METADATA);
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
            "resourceMetadataUrl",
            (UnaryOperator<AccountServletConfig.Builder>) b -> b.resourceMetadataUrl(METADATA)));
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
  void resourceMetadataUrlWhenRelativeOrUnquotableThenRefusedNamingTheSetting() throws Exception {
    URI nonAscii = new URI("https", "h.example", "/caf\u00e9", null);
    for (URI url : new URI[] {URI.create("/relative"), nonAscii}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> complete().resourceMetadataUrl(url));
      assertTrue(e.getMessage().startsWith("resourceMetadataUrl"), e.getMessage());
    }
  }

  @Test
  void retryAfterWhenNotPositiveThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> complete().retryAfter(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> complete().retryAfter(Duration.ofSeconds(-1)));
  }
}
