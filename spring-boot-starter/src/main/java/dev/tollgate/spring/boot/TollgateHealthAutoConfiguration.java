package dev.tollgate.spring.boot;

import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's health support (Actuator): a {@code tollgate} health indicator over the JWK
 * set, the introspection endpoint and the API key store (see {@link TollgateHealthIndicator}).
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Tollgate.class)
public final class TollgateHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "tollgateHealthIndicator")
  HealthIndicator tollgateHealthIndicator(
      ObjectProvider<TollgateSettings> settings, ObjectProvider<ApiKeyStore> apiKeys) {
    List<DependencyProbe> probes = new ArrayList<>();
    TollgateSettings configured = settings.getIfAvailable();
    if (configured != null && configured.jwksUri() != null) {
      probes.add(new DependencyProbe("jwks", configured.jwksUri(), true));
    }
    if (configured != null && configured.introspectionUri() != null) {
      probes.add(new DependencyProbe("introspection", configured.introspectionUri(), false));
    }
    return new TollgateHealthIndicator(probes, apiKeys.getIfAvailable());
  }
}
