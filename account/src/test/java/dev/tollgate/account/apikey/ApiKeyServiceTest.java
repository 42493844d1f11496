package dev.tollgate.account.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Entitlement;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.testsupport.TestDataSources;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyServiceTest {
  private final ApiKeyService downService =
      ApiKeyService.builder(JdbcApiKeyStore.builder(TestDataSources.down()).build()).build();

  static Stream<Arguments> operations() {
    return Stream.of(
        Arguments.of("create", (Consumer<ApiKeyService>) service -> service.create("acct-1")),
        Arguments.of("renew", (Consumer<ApiKeyService>) service -> service.renew("acct-1")),
        Arguments.of("revoke", (Consumer<ApiKeyService>) service -> service.revoke("acct-1")),
        Arguments.of("describe", (Consumer<ApiKeyService>) service -> service.describe("acct-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operationWhenStoreDownThenDependencyUnavailable(
      String name, Consumer<ApiKeyService> operation) {
    DependencyUnavailableException e =
        assertThrows(DependencyUnavailableException.class, () -> operation.accept(downService));

    assertEquals("api-key-store", e.dependency());
  }

  @Test
  void createWhenEligibilityCannotAnswerThenDependencyUnavailableAndNothingStored() {
    ApiKeyStore store = ApiKeyStore.inMemory();
    ApiKeyService service =
        ApiKeyService.builder(store)
            .eligibility(
                accountId -> {
                  throw new DependencyUnavailableException("account-store", null);
                })
            .build();

    DependencyUnavailableException e =
        assertThrows(DependencyUnavailableException.class, () -> service.create("acct-1"));

    assertEquals("account-store", e.dependency());
    assertTrue(store.findByAccount("acct-1").isEmpty());
  }

  @Test
  void createWhenRefusedThenStoreNeverWritten() {
    AtomicInteger calls = new AtomicInteger();
    ApiKeyStore inMemory = ApiKeyStore.inMemory();
    ApiKeyStore store =
        (ApiKeyStore)
            Proxy.newProxyInstance(
                ApiKeyStore.class.getClassLoader(),
                new Class<?>[] {ApiKeyStore.class},
                (proxy, method, args) -> {
                  calls.incrementAndGet();
                  return method.invoke(inMemory, args);
                });
    ApiKeyService service =
        ApiKeyService.builder(store)
            .eligibility(
                accountId -> Entitlement.refused("Free accounts cannot hold API keys", null))
            .build();

    assertThrows(ApiKeyRefusedException.class, () -> service.create("acct-1"));
    assertThrows(ApiKeyRefusedException.class, () -> service.renew("acct-1"));

    assertEquals(0, calls.get(), "no store call");
  }

  @Test
  void createWhenEligibilityPerAccountThenOnlyEligibleAccountsGetKeys() {
    ApiKeyService service =
        ApiKeyService.builder(ApiKeyStore.inMemory())
            .eligibility(
                accountId ->
                    accountId.startsWith("paid-")
                        ? Entitlement.granted()
                        : Entitlement.refused("Upgrade to a paid plan to create API keys", null))
            .build();

    assertEquals("paid-1", service.create("paid-1").accountId());
    ApiKeyRefusedException e =
        assertThrows(ApiKeyRefusedException.class, () -> service.create("free-1"));
    assertEquals("Upgrade to a paid plan to create API keys", e.getMessage());
  }

  @Test
  void createWhenCustomFormatThenKeyHasItsPrefix() {
    ApiKeyService service =
        ApiKeyService.builder(ApiKeyStore.inMemory())
            .format(ApiKeyFormat.withPrefix("acme_"))
            .build();

    assertTrue(service.create("acct-1").key().startsWith("acme_"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void createWhenAccountIdBlankThenRejected(String accountId) {
    ApiKeyService service = ApiKeyService.builder(ApiKeyStore.inMemory()).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> service.create(accountId));
    assertTrue(e.getMessage().startsWith("accountId"));
  }

  @Test
  void createWhenAccountIdTooLongThenRejected() {
    ApiKeyService service = ApiKeyService.builder(ApiKeyStore.inMemory()).build();

    assertThrows(IllegalArgumentException.class, () -> service.create("a".repeat(256)));
    assertEquals(List.of(), service.describe("a".repeat(255)).stream().toList());
  }
}
