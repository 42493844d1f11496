package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.RevocationCheck;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gate the starter builds is closed with the context; the application's beans in it are closed
 * by the context alone, once.
 */
class TollgateAutoConfigurationLifecycleTest {
  private static final RequestView REQUEST =
      RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer known")), null);

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class))
          .withPropertyValues(
              "tollgate.resource=https://mcp.example.com/mcp", "tollgate.scopes=mcp");

  /** A resolver and revocation check of the application's, counting how often each is closed. */
  static final class Closing implements CredentialResolver, RevocationCheck, AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public Resolution resolve(Credential credential) {
      return "known".equals(credential.value())
          ? Resolution.resolved(
              TollgatePrincipal.builder("known-account").scopes(Set.of("mcp")).build())
          : Resolution.notMine();
    }

    @Override
    public boolean isRevoked(TollgatePrincipal principal) {
      return false;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ClosingBeans {
    @Bean
    Closing closing() {
      return new Closing();
    }
  }

  @Test
  void closeWhenContextClosedThenStarterGateClosed() {
    AtomicReference<Tollgate> gate = new AtomicReference<>();
    runner
        .withUserConfiguration(ClosingBeans.class)
        .run(
            context -> {
              gate.set(context.getBean(Tollgate.class));
              assertThat(gate.get().decide(REQUEST)).isInstanceOf(Decision.Allow.class);
            });

    assertThat(gate.get().decide(REQUEST)).isInstanceOf(Decision.Unavailable.class);
  }

  @Test
  void closeWhenContextClosedThenApplicationBeansClosedOnceByTheContext() {
    AtomicReference<Closing> bean = new AtomicReference<>();
    runner
        .withUserConfiguration(ClosingBeans.class)
        .run(context -> bean.set(context.getBean(Closing.class)));

    assertThat(bean.get().closes).hasValue(1);
  }
}
