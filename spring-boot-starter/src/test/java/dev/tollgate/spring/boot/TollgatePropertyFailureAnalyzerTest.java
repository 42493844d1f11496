package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.Tollgate;
import dev.tollgate.servlet.TollgateSettings;
import dev.tollgate.testing.StaticCredentialResolver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Start-up of {@link TollgateAutoConfiguration} from properties: a refused value stops the
 * application with a report naming the property; the configuration backs off for the
 * application's own gate, and when disabled; every filter key has IDE metadata.
 */
class TollgatePropertyFailureAnalyzerTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class));

  @Test
  void startWhenResourceMissingThenFailureNamesProperty() {
    runner.run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis = analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).startsWith("Invalid Tollgate property 'tollgate.resource': is required");
      assertThat(analysis.getAction()).contains("tollgate.resource").contains("TOLLGATE_RESOURCE");
    });
  }

  @Test
  void startWhenJwksUriMalformedThenFailureNamesProperty() {
    runner
        .withPropertyValues(
            "tollgate.resource=https://mcp.example.com/mcp",
            "tollgate.issuer=https://auth.example.com",
            "tollgate.jwks-uri=ftp://auth.example.com/jwks")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(analyze(context.getStartupFailure()).getDescription())
              .startsWith("Invalid Tollgate property 'tollgate.jwks-uri': must be an absolute http(s) URL");
        });
  }

  @Test
  void startWhenNoWayToVerifyCredentialsThenFailureNamesIssuer() {
    runner
        .withPropertyValues("tollgate.resource=https://mcp.example.com/mcp")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(analyze(context.getStartupFailure()).getDescription())
              .startsWith("Invalid Tollgate property 'tollgate.issuer': is required");
        });
  }

  @Test
  void startWhenApplicationDeclaresTollgateThenBacksOff() {
    runner
        .withUserConfiguration(OwnGate.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Tollgate.class)).isSameAs(context.getBean(OwnGate.class).gate);
          assertThat(context).doesNotHaveBean(TollgateSettings.class);
          assertThat(context).hasBean(TollgateAutoConfiguration.FILTER_REGISTRATION);
        });
  }

  @Test
  void startWhenCredentialResolverBeanOnlyThenGateUsesIt() {
    runner
        .withUserConfiguration(OwnResolver.class)
        .withPropertyValues("tollgate.resource=https://mcp.example.com/mcp")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Tollgate.class));
  }

  @Test
  void startWhenDisabledThenNothingRegistered() {
    runner
        .withPropertyValues("tollgate.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(Tollgate.class);
          assertThat(context).doesNotHaveBean(TollgateAutoConfiguration.FILTER_REGISTRATION);
        });
  }

  @Test
  void metadataWhenReadThenDescribesEveryFilterKey() throws Exception {
    JsonNode metadata =
        new ObjectMapper()
            .readTree(
                new ClassPathResource("META-INF/additional-spring-configuration-metadata.json")
                    .getContentAsString(StandardCharsets.UTF_8));
    Set<String> described = new LinkedHashSet<>();
    metadata.get("properties").forEach(property -> described.add(property.get("name").asText()));

    List<String> expected = TollgateSettings.KEYS.stream().map(SpringSettingSource::propertyName).toList();
    assertThat(described).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static FailureAnalysis analyze(Throwable failure) {
    TollgatePropertyException cause = findCause(failure);
    assertThat(cause).as("no TollgatePropertyException in %s", failure).isNotNull();
    return new TollgatePropertyFailureAnalyzer().analyze(failure);
  }

  private static TollgatePropertyException findCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TollgatePropertyException property) {
        return property;
      }
    }
    return null;
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGate {
    final Tollgate gate =
        Tollgate.builder()
            .resource(URI.create("https://mcp.example.com/mcp"))
            .resolver(StaticCredentialResolver.builder().build())
            .build();

    @Bean
    Tollgate tollgate() {
      return gate;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResolver {
    @Bean
    StaticCredentialResolver staticCredentialResolver() {
      return StaticCredentialResolver.builder().build();
    }
  }
}
