package dev.tollgate.account.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The route table: which paths it knows, which methods each takes, where the client id is. */
class AccountRouteTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | ''                                | READ_ACCOUNT",
        "GET    | /                                 | READ_ACCOUNT",
        "POST   | /api-key                          | CREATE_KEY",
        "DELETE | /api-key                          | REVOKE_KEY",
        "POST   | /api-key/renew                    | RENEW_KEY",
        "GET    | /connections                      | LIST_CONNECTIONS",
        "GET    | /connections/                     | LIST_CONNECTIONS",
        "DELETE | /connections/client-a             | DISCONNECT",
        "POST   | /connections/client-a/reconnect   | RECONNECT",
        "DELETE | /connections/reconnect            | DISCONNECT",
        "DELETE | /connections/%2F                  | DISCONNECT"
      })
  void atWhenKnownPathAndMethodThenThatRoute(String method, String path, AccountRoute expected) {
    assertEquals(expected, AccountRoute.forMethod(AccountRoute.at(path), method));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x",
        "/x",
        "//",
        "/api-key/",
        "/api-keys",
        "/Api-Key",
        "/api-key/renew/",
        "/api-key/renew/now",
        "/connections//",
        "/connections/a/b",
        "/connections/a/",
        "/connections//reconnect",
        "/connections/a/reconnect/",
        "/connections/a/reconnect/b",
        "/api-key;x",
        "/api-key%2Frenew",
        "/../api-key"
      })
  void atWhenUnknownPathThenNoRoute(String path) {
    assertTrue(AccountRoute.at(path).isEmpty(), path);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PUT    | /                          | GET",
        "GET    | /api-key                   | POST, DELETE",
        "get    | /api-key                   | POST, DELETE",
        "DELETE | /api-key/renew             | POST",
        "POST   | /connections               | GET",
        "GET    | /connections/a             | DELETE",
        "GET    | /connections/a/reconnect   | POST"
      })
  void forMethodWhenThePathTakesOtherMethodsThenNoneAndAllowListsThem(
      String method, String path, String allow) {
    List<AccountRoute> routes = AccountRoute.at(path);

    assertNull(AccountRoute.forMethod(routes, method));
    assertEquals(allow, AccountRoute.allow(routes));
  }

  @Test
  void clientIdSegmentWhenRouteHasOneThenTheRawSegment() {
    assertEquals("a%2Fb", AccountRoute.DISCONNECT.clientIdSegment("/connections/a%2Fb"));
    assertEquals("c-1", AccountRoute.RECONNECT.clientIdSegment("/connections/c-1/reconnect"));
    assertNull(AccountRoute.LIST_CONNECTIONS.clientIdSegment("/connections"));
    assertThrows(
        IllegalArgumentException.class, () -> AccountRoute.DISCONNECT.clientIdSegment("/api-key"));
  }

  @Test
  void readWhenRouteOnlyReadsThenTheReadScopeIsEnough() {
    assertEquals(
        List.of(AccountRoute.READ_ACCOUNT, AccountRoute.LIST_CONNECTIONS),
        Arrays.stream(AccountRoute.values()).filter(AccountRoute::read).toList());
    for (AccountRoute route : AccountRoute.values()) {
      assertEquals(route.method().equals("GET"), route.read(), route.name());
    }
  }
}
