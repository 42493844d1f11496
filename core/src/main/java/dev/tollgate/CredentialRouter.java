package dev.tollgate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends each credential to the one resolver its shape calls for, so a request costs one resolution:
 * a configured API-key prefix goes to that key resolver, a JWT shape (three dot-separated parts,
 * RFC 7515 §7.1) to the JWT resolver, anything else to the opaque-token resolver (introspection or
 * an upstream account API).
 *
 * <p>Unlike {@link CredentialResolver#firstClaiming(java.util.List)}, an opaque token never costs a
 * failed JWT parse and a JWT is never sent to an introspection endpoint. A credential with no
 * route, or one its resolver does not claim, is invalid.
 *
 * <p>Closing the router closes each of its route resolvers that is {@link AutoCloseable}, once (one
 * resolver on several routes is closed once), logging rather than throwing a failure.
 */
public final class CredentialRouter implements CredentialResolver, AutoCloseable {
  static final String NOT_RECOGNISED = "The credential is not recognised";

  private final List<PrefixRoute> apiKeyRoutes;
  private final @Nullable CredentialResolver jwt;
  private final @Nullable CredentialResolver opaque;

  private CredentialRouter(Builder builder) {
    List<PrefixRoute> routes = new ArrayList<>(builder.apiKeyRoutes);
    // Longest prefix first, so "tg_live_" wins over "tg_" whatever the order of configuration.
    routes.sort(Comparator.comparingInt((PrefixRoute route) -> route.prefix().length()).reversed());
    this.apiKeyRoutes = List.copyOf(routes);
    this.jwt = builder.jwt;
    this.opaque = builder.opaque;
  }

  /** Starts a router; at least one route is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    CredentialResolver route = route(credential);
    if (route == null) {
      return Resolution.invalid(NOT_RECOGNISED);
    }
    Resolution resolution = route.resolve(credential);
    return resolution instanceof Resolution.NotMine
        ? Resolution.invalid(NOT_RECOGNISED)
        : resolution;
  }

  /** The known answer of the credential's route, as {@link #resolve} would give it. */
  @Override
  public @Nullable Resolution known(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    CredentialResolver route = route(credential);
    if (route == null) {
      return Resolution.invalid(NOT_RECOGNISED);
    }
    Resolution known = route.known(credential);
    return known instanceof Resolution.NotMine ? Resolution.invalid(NOT_RECOGNISED) : known;
  }

  private @Nullable CredentialResolver route(Credential credential) {
    for (PrefixRoute route : apiKeyRoutes) {
      if (credential.startsWith(route.prefix())) {
        return route.resolver();
      }
    }
    return credential.looksLikeJwt() ? jwt : opaque;
  }

  /** Closes every route's resolver that is {@link AutoCloseable}; see the class description. */
  @Override
  public void close() {
    List<@Nullable CredentialResolver> resolvers = new ArrayList<>();
    apiKeyRoutes.forEach(route -> resolvers.add(route.resolver()));
    resolvers.add(jwt);
    resolvers.add(opaque);
    Components.closeAll(resolvers);
  }

  private record PrefixRoute(String prefix, CredentialResolver resolver) {}

  /** Builds a {@link CredentialRouter}; each route at most once. */
  public static final class Builder {
    private final List<PrefixRoute> apiKeyRoutes = new ArrayList<>();
    private @Nullable CredentialResolver jwt;
    private @Nullable CredentialResolver opaque;

    private Builder() {}

    /** Credentials starting with {@code prefix} (e.g. {@code tg_live_}) go to {@code resolver}. */
    public Builder apiKeys(String prefix, CredentialResolver resolver) {
      Objects.requireNonNull(prefix, "prefix == null");
      Objects.requireNonNull(resolver, "resolver == null");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("API key prefix is empty");
      }
      for (PrefixRoute route : apiKeyRoutes) {
        if (route.prefix().equals(prefix)) {
          throw new IllegalStateException("API key prefix '" + prefix + "' was already routed");
        }
      }
      apiKeyRoutes.add(new PrefixRoute(prefix, resolver));
      return this;
    }

    /** JWT-shaped credentials go to {@code resolver}. */
    public Builder jwt(CredentialResolver resolver) {
      if (jwt != null) {
        throw new IllegalStateException("jwt resolver was already set to " + jwt);
      }
      this.jwt = Objects.requireNonNull(resolver, "resolver == null");
      return this;
    }

    /** Every other credential (opaque tokens) goes to {@code resolver}. */
    public Builder opaque(CredentialResolver resolver) {
      if (opaque != null) {
        throw new IllegalStateException("opaque resolver was already set to " + opaque);
      }
      this.opaque = Objects.requireNonNull(resolver, "resolver == null");
      return this;
    }

    public CredentialRouter build() {
      if (apiKeyRoutes.isEmpty() && jwt == null && opaque == null) {
        throw new IllegalStateException("at least one route (apiKeys, jwt or opaque) is required");
      }
      return new CredentialRouter(this);
    }
  }
}
