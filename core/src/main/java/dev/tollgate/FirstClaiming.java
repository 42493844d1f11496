package dev.tollgate;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link CredentialResolver#firstClaiming(List)}: the first answer other than not-mine. */
final class FirstClaiming implements CredentialResolver, AutoCloseable {
  private static final String NOT_RECOGNISED = "The credential is not recognised";

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
    return Resolution.invalid(NOT_RECOGNISED);
  }

  /** The first answer other than not-mine, if every resolver before it knows its own answer. */
  @Override
  public @Nullable Resolution known(Credential credential) {
    for (CredentialResolver resolver : resolvers) {
      Resolution known = resolver.known(credential);
      if (known == null) {
        return null;
      }
      if (!(known instanceof Resolution.NotMine)) {
        return known;
      }
    }
    return Resolution.invalid(NOT_RECOGNISED);
  }

  /** Closes each resolver that is {@link AutoCloseable}, once, logging (not throwing) a failure. */
  @Override
  public void close() {
    Components.closeAll(resolvers);
  }
}
