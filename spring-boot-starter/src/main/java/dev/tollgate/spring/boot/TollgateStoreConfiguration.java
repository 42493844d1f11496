package dev.tollgate.spring.boot;

import dev.tollgate.RevocationCheck;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.apikey.JdbcApiKeyStore;
import dev.tollgate.revocation.JdbcRevocationRegistry;
import dev.tollgate.revocation.RevocationRegistry;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API key store and revocation registry of {@code tollgate.store}, unless the application
 * declares its own: {@code memory}, or {@code jdbc} on the application's {@link DataSource} (tables
 * created if missing, so several nodes share keys and revocations).
 */
@Configuration(proxyBeanMethods = false)
class TollgateStoreConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "tollgate.store", havingValue = "memory")
  static class Memory {
    @Bean
    @ConditionalOnMissingBean
    ApiKeyStore tollgateApiKeyStore() {
      return ApiKeyStore.inMemory();
    }

    @Bean
    @ConditionalOnMissingBean(RevocationCheck.class)
    RevocationRegistry tollgateRevocationRegistry() {
      return RevocationRegistry.inMemory();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "tollgate.store", havingValue = "jdbc")
  static class Jdbc {
    @Bean
    @ConditionalOnMissingBean
    ApiKeyStore tollgateApiKeyStore(DataSource dataSource) {
      JdbcApiKeyStore store = JdbcApiKeyStore.builder(dataSource).build();
      store.createSchemaIfMissing();
      return store;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(RevocationCheck.class)
    JdbcRevocationRegistry tollgateRevocationRegistry(DataSource dataSource) {
      JdbcRevocationRegistry registry = JdbcRevocationRegistry.builder(dataSource).build();
      try {
        registry.createSchemaIfMissing();
      } catch (RuntimeException e) {
        registry.close();
        throw e;
      }
      return registry;
    }
  }
}
