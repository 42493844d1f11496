package dev.tollgate.testing;

import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory {@link ApiKeyStore} with the {@link ApiKeyService} that issues keys into it and the
 * {@link ApiKeyResolver} that reads them, wired together: the production classes, minus the
 * database.
 *
 * <pre>{@code
 * TestApiKeys keys = TestApiKeys.inMemory(Set.of("mcp"));
 * Tollgate gate = Tollgate.builder().resource(resource).resolver(keys.resolver()).build();
 * String key = keys.createKey("demo-pro");     // send as Authorization: Bearer <key>
 * }</pre>
 *
 * <p>The resolver writes each key's last use at most once a minute, as in production.
 */
public final class TestApiKeys {
  private final ApiKeyStore store;
  private final ApiKeyService service;
  private final ApiKeyResolver resolver;

  private TestApiKeys(Set<String> scopes) {
    this.store = ApiKeyStore.inMemory();
    this.service = ApiKeyService.builder(store).build();
    this.resolver = ApiKeyResolver.builder(store).scopes(scopes).build();
  }

  /** Keys granting {@code scopes} (RFC 6749 §3.3 scope tokens; at least one). */
  public static TestApiKeys inMemory(Set<String> scopes) {
    return new TestApiKeys(Objects.requireNonNull(scopes, "scopes == null"));
  }

  /** Creates {@code accountId}'s key and returns the plaintext, once. */
  public String createKey(String accountId) {
    return service.create(accountId).key();
  }

  /** The store, to inspect or seed records directly. */
  public ApiKeyStore store() {
    return store;
  }

  /** The service issuing into {@link #store()}: renew, revoke, describe. */
  public ApiKeyService service() {
    return service;
  }

  /** The resolver reading {@link #store()}, to add to a gate. */
  public ApiKeyResolver resolver() {
    return resolver;
  }
}
