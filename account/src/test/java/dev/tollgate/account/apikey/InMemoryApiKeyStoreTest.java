package dev.tollgate.account.apikey;

import dev.tollgate.apikey.ApiKeyStore;

/** The store contract against {@link ApiKeyStore#inMemory()}. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  private final ApiKeyStore store = ApiKeyStore.inMemory();

  @Override
  ApiKeyStore store() {
    return store;
  }
}
