package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** {@link TollgateHealthAutoConfiguration}: with Actuator, a {@code tollgate} health indicator. */
class TollgateHealthAutoConfigurationTest extends RunningApplication {
  @Autowired
  @Qualifier("tollgateHealthIndicator")
  HealthIndicator indicator;

  @Test
  void healthWhenIssuerAndStoreAnswerThenUp() {
    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsKeys("jwks", "api-key-store");
  }
}
