package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.revocation.JdbcRevocationRegistry;
import dev.tollgate.revocation.RevocationRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * {@link TollgateStoreConfiguration}: {@code tollgate.store=jdbc} keeps API keys and revocations in
 * the application's {@code DataSource} (a real embedded H2 database), and the gate uses them.
 */
class TollgateStoreConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, TollgateAutoConfiguration.class))
          .withPropertyValues(
              "tollgate.resource=https://mcp.example.com/mcp",
              "tollgate.api-key-scopes=mcp",
              "tollgate.store=jdbc");

  @Test
  void gateWhenStoreJdbcThenApiKeysAndRevocationsLiveInDataSource() {
    runner
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:tollgate-store;DB_CLOSE_DELAY=-1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ApiKeyStore.class)).isInstanceOf(JdbcApiKeyStore.class);
              assertThat(context.getBean(RevocationRegistry.class))
                  .isInstanceOf(JdbcRevocationRegistry.class);
              Tollgate gate = context.getBean(Tollgate.class);
              String key =
                  ApiKeyService.builder(context.getBean(ApiKeyStore.class))
                      .build()
                      .create("jdbc-account")
                      .key();

              assertThat(gate.decide(request(key)))
                  .isInstanceOfSatisfying(
                      Decision.Allow.class,
                      allow -> assertThat(allow.principal().accountId()).isEqualTo("jdbc-account"));

              JdbcRevocationRegistry revocations = context.getBean(JdbcRevocationRegistry.class);
              revocations.revokeAccount("jdbc-account", Instant.now().plusSeconds(1));
              revocations.refreshNow();
              assertThat(gate.decide(request(key))).isInstanceOf(Decision.Challenge.class);
            });
  }

  @Test
  void startWhenStoreJdbcWithoutDataSourceThenFailsNamingIt() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class))
        .withPropertyValues(
            "tollgate.resource=https://mcp.example.com/mcp",
            "tollgate.api-key-scopes=mcp",
            "tollgate.store=jdbc")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("javax.sql.DataSource");
            });
  }

  private static RequestView request(String key) {
    return RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + key)), null);
  }
}
