package dev.tollgate.spring.boot;

import dev.tollgate.CredentialResolver;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RevocationCheck;
import dev.tollgate.ScopePolicy;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.DispatcherType;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Puts a servlet application's MCP endpoint behind Tollgate, from {@code tollgate.*} properties.
 *
 * <p>The properties are the filter's own keys ({@link TollgateSettings}), bound through Spring's
 * {@link Environment} with relaxed binding: {@code tollgate.resource}, {@code tollgate.issuer},
 * {@code tollgate.scopes}, ... and {@code TOLLGATE_*} environment variables alike, with the
 * filter's defaults and validation; a refused value stops the application naming the property.
 *
 * <p>Beans of the application are picked up: a {@link Tollgate} replaces the whole gate (this
 * configuration backs off); a {@link CredentialResolver} is asked before the configured routes; an
 * {@link ApiKeyStore} turns on API keys; a {@link RevocationCheck}, {@link EntitlementPolicy} or
 * {@link ScopePolicy} replaces the default (nothing revoked, everyone entitled, the fixed {@code
 * tollgate.scopes}); every {@link DecisionListener} is told of each decision.
 *
 * <p>The gate this configuration builds is closed when the context closes; the application's beans
 * in it are not closed by the gate, but by the context as usual.
 *
 * <p>The {@link TollgateFilter} is registered with async support on the resource's path, below it,
 * and the RFC 9728 metadata paths, at {@link #FILTER_ORDER}: before Spring Security's filter chain.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(TollgateFilter.class)
@ConditionalOnBooleanProperty(name = "tollgate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TollgateStarterProperties.class)
@Import({TollgateStoreConfiguration.class, TollgateMetricsConfiguration.class})
public final class TollgateAutoConfiguration {
  /**
   * The filter's order: before Spring Security's chain (-100 by default), after request wrappers
   * such as Spring's forwarded-header and encoding filters, so Tollgate decides the MCP paths
   * first.
   */
  public static final int FILTER_ORDER = -110;

  /**
   * The bean name of the filter's registration; declare a bean of that name to register it
   * yourself.
   */
  public static final String FILTER_REGISTRATION = "tollgateFilterRegistration";

  @Bean
  @ConditionalOnMissingBean({TollgateSettings.class, Tollgate.class})
  TollgateSettings tollgateSettings(Environment environment) {
    try {
      return TollgateSettings.load(new SpringSettingSource(environment));
    } catch (IllegalArgumentException e) {
      throw TollgatePropertyException.of(e);
    }
  }

  /**
   * The gate, closed with the context (stopping what the settings built, such as the JWK sources'
   * refresh threads); the application's beans in it are left for the context to close.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Tollgate tollgate(
      TollgateSettings settings,
      TollgateStarterProperties properties,
      ObjectProvider<ApiKeyStore> apiKeys,
      ObjectProvider<CredentialResolver> resolvers,
      ObjectProvider<RevocationCheck> revocationCheck,
      ObjectProvider<EntitlementPolicy> entitlementPolicy,
      ObjectProvider<ScopePolicy> scopePolicy,
      ObjectProvider<DecisionListener> listeners,
      ObjectProvider<GateInstrumentation> instrumentation) {
    GateInstrumentation observed = instrumentation.getIfAvailable(() -> GateInstrumentation.NONE);
    GateAssembly assembly =
        new GateAssembly(
            apiKeys.getIfAvailable(),
            properties.apiKeyScopes(),
            resolvers.orderedStream().toList(),
            revocationCheck.getIfAvailable(),
            entitlementPolicy.getIfAvailable(),
            scopePolicy.getIfAvailable(),
            Stream.concat(listeners.orderedStream(), observed.listeners().stream()).toList(),
            observed::resolver);
    try {
      return assembly.build(settings);
    } catch (IllegalArgumentException e) {
      throw TollgatePropertyException.of(e);
    }
  }

  @Bean(FILTER_REGISTRATION)
  @ConditionalOnMissingBean(name = FILTER_REGISTRATION)
  FilterRegistrationBean<TollgateFilter> tollgateFilterRegistration(
      Tollgate tollgate, ObjectProvider<TollgateSettings> settings, Environment environment) {
    TollgateSettings configured = settings.getIfAvailable();
    TollgateFilter filter =
        configured == null
            ? new TollgateFilter(tollgate)
            : new TollgateFilter(
                tollgate,
                configured.cors(),
                configured.mcpBodyLimit(),
                configured.trustedProxies());
    FilterRegistrationBean<TollgateFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("tollgate");
    registration.setAsyncSupported(true);
    // Requests only: an async dispatch continues a request the filter already allowed (its
    // response is committed by then, e.g. an SSE stream), and must not be decided again.
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setUrlPatterns(mcpPaths(tollgate, environment).urlPatterns());
    registration.setOrder(FILTER_ORDER);
    return registration;
  }

  /**
   * The guarded paths of {@code tollgate} in this application (its servlet context path removed).
   */
  static McpPaths mcpPaths(Tollgate tollgate, Environment environment) {
    return McpPaths.of(tollgate, environment.getProperty("server.servlet.context-path", ""));
  }
}
