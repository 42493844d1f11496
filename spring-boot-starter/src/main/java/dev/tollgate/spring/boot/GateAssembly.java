package dev.tollgate.spring.boot;

import dev.tollgate.CredentialResolver;
import dev.tollgate.CredentialRouter;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RevocationCheck;
import dev.tollgate.ScopePolicy;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Builds the gate from the filter's settings and the application's SPI beans. The settings give the
 * resource, metadata, scopes, limits and the token routes (JWT, introspection, behind one cache);
 * the beans add to or replace what the settings cannot express.
 *
 * @param apiKeys the key store; API keys ({@code tgk_...}) are routed to it, uncached
 * @param apiKeyScopes the scopes every API key is granted; empty for the settings' {@code scopes}
 * @param resolvers asked first, in order; what none of them claims goes to the settings' routes
 * @param revocationCheck replaces "nothing is revoked"
 * @param entitlementPolicy replaces "everyone is entitled"
 * @param scopePolicy replaces the settings' fixed {@code scopes}
 * @param listeners told of every decision
 * @param instrument wraps the gate's resolver (metrics), or leaves it as it is
 */
record GateAssembly(
    @Nullable ApiKeyStore apiKeys,
    Set<String> apiKeyScopes,
    List<CredentialResolver> resolvers,
    @Nullable RevocationCheck revocationCheck,
    @Nullable EntitlementPolicy entitlementPolicy,
    @Nullable ScopePolicy scopePolicy,
    List<DecisionListener> listeners,
    UnaryOperator<CredentialResolver> instrument) {

  /** The gate: the settings' gate configuration with this assembly's resolvers and policies. */
  Tollgate build(TollgateSettings settings) {
    // The application's beans are the context's to close; what the settings build is the gate's.
    List<CredentialResolver> chain = new ArrayList<>();
    resolvers.forEach(bean -> chain.add(SpringManaged.resolver(bean)));
    CredentialResolver routes = routes(settings);
    if (routes != null) {
      chain.add(routes);
    }
    if (chain.isEmpty()) {
      throw new TollgatePropertyException(
          TollgateSettings.ISSUER,
          "is required (with tollgate.jwks-uri), or tollgate.introspection-uri, or tollgate.store, or a"
              + " CredentialResolver or ApiKeyStore bean, to verify credentials",
          null);
    }
    CredentialResolver resolver =
        chain.size() == 1 ? chain.get(0) : CredentialResolver.firstClaiming(chain);
    Tollgate.Builder builder = settings.configure(Tollgate.builder(), instrument.apply(resolver));
    if (revocationCheck != null) {
      builder.revocationCheck(SpringManaged.revocationCheck(revocationCheck));
    }
    if (entitlementPolicy != null) {
      builder.entitlementPolicy(SpringManaged.entitlementPolicy(entitlementPolicy));
    }
    if (scopePolicy != null) {
      builder.scopePolicy(SpringManaged.scopePolicy(scopePolicy));
    }
    listeners.forEach(listener -> builder.decisionListener(SpringManaged.listener(listener)));
    return builder.build();
  }

  private @Nullable CredentialResolver routes(TollgateSettings settings) {
    boolean tokens = settings.issuer() != null || settings.introspectionUri() != null;
    if (apiKeys == null) {
      return tokens ? settings.credentialRouter().build() : null;
    }
    Set<String> scopes = apiKeyScopes.isEmpty() ? settings.requiredScopes() : apiKeyScopes;
    if (scopes.isEmpty()) {
      throw new TollgatePropertyException(
          "api-key-scopes",
          "is required with API keys (or tollgate.scopes): the scopes every key is granted",
          null);
    }
    CredentialRouter.Builder router =
        tokens ? settings.credentialRouter() : CredentialRouter.builder();
    return router
        .apiKeys(
            ApiKeyFormat.DEFAULT_PREFIX, ApiKeyResolver.builder(apiKeys).scopes(scopes).build())
        .build();
  }
}
