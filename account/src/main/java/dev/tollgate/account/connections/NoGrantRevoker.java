package dev.tollgate.account.connections;

/** {@link GrantRevoker#none()}. */
enum NoGrantRevoker implements GrantRevoker {
  INSTANCE;

  @Override
  public void revoke(Disconnection disconnection) {}

  @Override
  public boolean revokesAtServer() {
    return false;
  }

  @Override
  public String toString() {
    return "GrantRevoker.none";
  }
}
