package dev.tollgate;

import java.util.List;

/** {@link CredentialResolver#firstClaiming(List)}: the first answer other than not-mine. */
final class FirstClaiming implements CredentialResolver, AutoCloseable {
  private final List<CredentialResolver> resolvers;

  FirstClaiming(List<? extends CredentialResolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
  }

  @Override
  public Resolution resolve(Credential credential) {
    for (CredentialResolver resolver : resolvers) {
      Resolution resolution = resolver.resolve(credential);
      if (!(resolution instanceof Resolution.NotMine)) {
        return resolution;
      }
    }
    return Resolution.invalid("The credential is not recognised");
  }

  /** Closes each resolver that is {@link AutoCloseable}, once, logging (not throwing) a failure. */
  @Override
  public void close() {
    Components.closeAll(resolvers);
  }
}
