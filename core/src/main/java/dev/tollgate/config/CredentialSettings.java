package dev.tollgate.config;

import static dev.tollgate.config.TollgateSettings.CACHE_MAXIMUM_SIZE;
import static dev.tollgate.config.TollgateSettings.CACHE_MAX_LIFETIME;
import static dev.tollgate.config.TollgateSettings.CACHE_REJECTED_LIFETIME;
import static dev.tollgate.config.TollgateSettings.INTROSPECTION_CLIENT_ID;
import static dev.tollgate.config.TollgateSettings.INTROSPECTION_CLIENT_SECRET;
import static dev.tollgate.config.TollgateSettings.INTROSPECTION_URI;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.CredentialRouter;
import dev.tollgate.Resolution;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.introspection.TokenIntrospectionResolver;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The opaque-token and cache part of {@link TollgateSettings}, and the router composition: JWTs and
 * introspected tokens share one {@link CachingCredentialResolver} (one resolution per token
 * lifetime, single flight); API keys are routed past it.
 */
final class CredentialSettings {

  final @Nullable URI introspectionUri;
  final @Nullable String clientId;
  private final @Nullable String clientSecret;
  final Duration maxLifetime;
  final Duration rejectedLifetime;
  final long maximumSize;
  private final @Nullable String accountClaim;

  /** {@code accountClaim}: the response member naming the account (default {@code sub}). */
  CredentialSettings(SettingReader in, @Nullable String accountClaim) {
    this.accountClaim = accountClaim;
    this.introspectionUri = in.url(INTROSPECTION_URI);
    this.clientId = in.string(INTROSPECTION_CLIENT_ID);
    String secret = in.string(INTROSPECTION_CLIENT_SECRET);
    this.clientSecret = secret;
    String uriLabel = SettingReader.label(INTROSPECTION_URI);
    if (introspectionUri != null && clientId == null) {
      throw SettingReader.failure(
          INTROSPECTION_CLIENT_ID, "is required when " + uriLabel + " is set");
    }
    if (introspectionUri != null && secret == null) {
      throw SettingReader.failure(
          INTROSPECTION_CLIENT_SECRET, "is required when " + uriLabel + " is set");
    }
    if (introspectionUri == null && (clientId != null || secret != null)) {
      throw SettingReader.failure(
          INTROSPECTION_URI,
          "is required when "
              + SettingReader.label(
                  clientId != null ? INTROSPECTION_CLIENT_ID : INTROSPECTION_CLIENT_SECRET)
              + " is set");
    }
    Duration max =
        in.duration(
            CACHE_MAX_LIFETIME, Duration.ofSeconds(1), CachingCredentialResolver.MAX_MAX_LIFETIME);
    this.maxLifetime = max != null ? max : CachingCredentialResolver.DEFAULT_MAX_LIFETIME;
    Duration rejected =
        in.duration(
            CACHE_REJECTED_LIFETIME,
            Duration.ZERO,
            CachingCredentialResolver.MAX_REJECTED_LIFETIME);
    this.rejectedLifetime =
        rejected != null ? rejected : CachingCredentialResolver.DEFAULT_REJECTED_LIFETIME;
    Integer size =
        in.integer(CACHE_MAXIMUM_SIZE, 1, (int) CachingCredentialResolver.MAX_MAXIMUM_SIZE);
    this.maximumSize = size != null ? size : CachingCredentialResolver.DEFAULT_MAXIMUM_SIZE;
  }

  /**
   * A router builder with the JWT route and the introspection route (when configured), both behind
   * one new cache. {@code jwtResolver} builds the JWT resolver given the introspection resolver (or
   * {@code null}): it sends the JWTs of the introspected issuers there itself, parsing each token
   * once, and is {@code null} when no JWT is routed.
   */
  CredentialRouter.Builder router(
      UnaryOperator<@Nullable CredentialResolver> jwtResolver, String audience) {
    CredentialRouter.Builder router = CredentialRouter.builder();
    CredentialResolver opaque =
        introspectionUri != null ? introspection(introspectionUri, audience) : null;
    CredentialResolver jwt = jwtResolver.apply(opaque);
    if (jwt == null && opaque == null) {
      return router;
    }
    CredentialRouter.Builder tokens = CredentialRouter.builder();
    if (jwt != null) {
      tokens.jwt(jwt);
    }
    if (opaque != null) {
      tokens.opaque(opaque);
    }
    CachingCredentialResolver cache =
        CachingCredentialResolver.builder(tokens.build())
            .maxLifetime(maxLifetime)
            .rejectedLifetime(rejectedLifetime)
            .maximumSize(maximumSize)
            .build();
    // Each shape goes straight to the cache; a shape with no resolver never reaches it.
    if (jwt != null) {
      router.jwt(cache);
    }
    if (opaque != null) {
      router.opaque(cache);
    }
    return router;
  }

  /**
   * {@link #router} built, answering {@link Resolution#notMine()} for the shapes it has no route
   * for, so that resolvers an application adds after it (with {@code Tollgate.Builder#resolver})
   * still see them, as they did when the settings added a bare JWT resolver. {@code jwtRouted}:
   * whether {@code jwtResolver} gives a resolver.
   */
  CredentialResolver routedShapesOnly(
      UnaryOperator<@Nullable CredentialResolver> jwtResolver, String audience, boolean jwtRouted) {
    return new RoutedShapes(
        router(jwtResolver, audience).build(), jwtRouted, introspectionUri != null);
  }

  /** The router for the shapes it routes; closing it closes the router. */
  private record RoutedShapes(CredentialRouter router, boolean jwtRouted, boolean opaqueRouted)
      implements CredentialResolver, AutoCloseable {
    @Override
    public Resolution resolve(Credential credential) {
      return (credential.looksLikeJwt() ? jwtRouted : opaqueRouted)
          ? router.resolve(credential)
          : Resolution.notMine();
    }

    @Override
    public @Nullable Resolution known(Credential credential) {
      return (credential.looksLikeJwt() ? jwtRouted : opaqueRouted)
          ? router.known(credential)
          : Resolution.notMine();
    }

    @Override
    public void close() {
      router.close();
    }
  }

  private TokenIntrospectionResolver introspection(URI endpoint, String audience) {
    TokenIntrospectionResolver.Builder builder =
        TokenIntrospectionResolver.builder()
            .endpoint(endpoint)
            .clientCredentials(requireValue(clientId), requireValue(clientSecret))
            .audience(audience);
    if (accountClaim != null) {
      builder.accountIdClaim(accountClaim);
    }
    return builder.build();
  }

  private static String requireValue(@Nullable String value) {
    if (value == null) {
      throw new IllegalStateException("validated in the constructor");
    }
    return value;
  }
}
