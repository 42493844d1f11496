package dev.tollgate.spring.boot;

import dev.tollgate.CredentialResolver;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.metrics.TollgateMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters ({@link TollgateMetrics}: {@value TollgateMetrics#DECISIONS}, {@value
 * TollgateMetrics#RESOLVER_LATENCY} of resolver {@code credentials}, {@value
 * TollgateMetrics#DEPENDENCY_UP}) in the application's {@link MeterRegistry}, when it has one. The
 * registry is looked up when the gate is built, so the order of auto-configurations does not
 * matter. The latency is measured around the credential cache, so it includes cache hits.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class TollgateMetricsConfiguration {

  @Bean
  GateInstrumentation tollgateMetrics(ObjectProvider<MeterRegistry> registry) {
    return new Meters(registry);
  }

  private static final class Meters implements GateInstrumentation {
    private final ObjectProvider<MeterRegistry> registry;
    private @Nullable TollgateMetrics metrics;

    Meters(ObjectProvider<MeterRegistry> registry) {
      this.registry = registry;
    }

    private synchronized @Nullable TollgateMetrics metrics() {
      if (metrics == null) {
        MeterRegistry found = registry.getIfAvailable();
        metrics = found == null ? null : TollgateMetrics.bindTo(found);
      }
      return metrics;
    }

    @Override
    public CredentialResolver resolver(CredentialResolver resolver) {
      TollgateMetrics bound = metrics();
      return bound == null ? resolver : bound.instrument("credentials", resolver);
    }

    @Override
    public List<DecisionListener> listeners() {
      TollgateMetrics bound = metrics();
      return bound == null ? List.of() : List.of(bound.decisionListener());
    }
  }
}
