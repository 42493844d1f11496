package dev.tollgate.account.connections;

/** The store contract against {@link ConnectionStore#inMemory()}. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {
  private final ConnectionStore store = ConnectionStore.inMemory();

  @Override
  ConnectionStore store() {
    return store;
  }
}
