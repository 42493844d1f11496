package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.ScopePolicy;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.metrics.TollgateMetrics;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.testing.StaticCredentialResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * {@link TollgateAutoConfiguration}: the {@code tollgate.*} properties configure the filter on the
 * MCP paths, and the application's SPI beans (entitlement, decision listener, key store,
 * revocations, scope policy, resolvers) are picked up; it backs off for the application's own gate,
 * and when disabled; every filter key has IDE metadata.
 */
class TollgateAutoConfigurationTest extends RunningApplication {
  @Autowired TollgateSettings settings;
  @Autowired ApiKeyStore apiKeys;
  @Autowired RevocationRegistry revocations;
  @Autowired RecordingListener listener;
  @Autowired MeterRegistry meters;

  @Test
  void requestWhenNoCredentialThen401WithResourceMetadata() {
    HttpResponse<String> response = Http.post(port, "/mcp", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer ")
        .contains("resource_metadata=\"http://localhost/.well-known/oauth-protected-resource/mcp\"")
        .doesNotContain("error=");
  }

  @Test
  void requestWhenValidTokenThenApplicationSeesCaller() {
    String token = ISSUER.token().subject("demo-pro").scopes("mcp").sign();

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("demo-pro demo-pro");
  }

  @Test
  void requestWhenTokenNamesAnotherResourceThen401InvalidToken() {
    String token = ISSUER.token().audience("http://localhost/other").scopes("mcp").sign();

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void requestWhenScopeFromListPropertyMissingThen403InsufficientScope() {
    String token = ISSUER.token().scopes("other").sign();

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(settings.requiredScopes()).containsExactly("mcp");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"mcp\"");
  }

  @Test
  void requestBelowEndpointWhenNoCredentialThen401() {
    HttpResponse<String> response = Http.post(port, "/mcp/credits", null);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void metadataWhenRequestedThenServedFromProperties() {
    HttpResponse<String> response = Http.get(port, "/.well-known/oauth-protected-resource/mcp");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"resource\":\"" + RESOURCE + "\"")
        .contains("\"authorization_servers\":[\"" + ISSUER.issuer() + "\"]")
        .contains("\"resource_name\":\"Test MCP server\"");
  }

  @Test
  void requestWhenEntitlementPolicyBeanRefusesThen403EntitlementRequired() {
    String token = ISSUER.token().subject(FREE_ACCOUNT).scopes("mcp").sign();

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(response.body()).contains("entitlement_required");
  }

  @Test
  void requestWhenApiKeyFromStoreThenAllowed() {
    String key = ApiKeyService.builder(apiKeys).build().create("key-account").key();

    HttpResponse<String> response = Http.post(port, "/mcp", key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("key-account key-account");
  }

  @Test
  void requestWhenAccountRevokedInRegistryBeanThen401() {
    String token =
        ISSUER
            .token()
            .subject("revoked-account")
            .scopes("mcp")
            .issuedAt(Instant.now().minusSeconds(60))
            .sign();
    revocations.revokeAccount("revoked-account", Instant.now());

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void requestWhenDecidedThenListenerBeanAndMetersAreTold() {
    String token = ISSUER.token().subject("listened-account").scopes("mcp").sign();

    Http.post(port, "/mcp", token);

    assertThat(listener.events)
        .anySatisfy(
            event -> {
              assertThat(event.accountId()).isEqualTo("listened-account");
              assertThat(event.outcome()).isEqualTo(DecisionEvent.Outcome.ALLOW);
            });
    assertThat(meters.find(TollgateMetrics.DECISIONS).tag("outcome", "allow").counter())
        .isNotNull();
    assertThat(meters.find(TollgateMetrics.RESOLVER_LATENCY).tag("resolver", "credentials").timer())
        .isNotNull();
  }

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class));

  @Test
  void startWhenApplicationDeclaresTollgateThenBacksOff() {
    runner
        .withUserConfiguration(OwnGate.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Tollgate.class))
                  .isSameAs(context.getBean(OwnGate.class).gate);
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
        .run(
            context -> {
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

    List<String> expected =
        TollgateSettings.KEYS.stream().map(SpringSettingSource::propertyName).toList();
    assertThat(described).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void decideWhenScopePolicyBeanThenItReplacesScopesProperty() {
    runner
        .withUserConfiguration(OwnResolver.class, OwnScopePolicy.class)
        .withPropertyValues("tollgate.resource=https://mcp.example.com/mcp", "tollgate.scopes=mcp")
        .run(
            context -> {
              Decision decision =
                  context
                      .getBean(Tollgate.class)
                      .decide(
                          RequestView.of(
                              "POST",
                              "/mcp",
                              Map.of("Authorization", List.of("Bearer known")),
                              null));

              assertThat(decision)
                  .isInstanceOfSatisfying(
                      Decision.Challenge.class,
                      challenge ->
                          assertThat(challenge.wwwAuthenticate()).contains("scope=\"admin\""));
            });
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
      return StaticCredentialResolver.builder()
          .token("known", TollgatePrincipal.builder("known-account").scopes(Set.of("mcp")).build())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnScopePolicy {
    @Bean
    ScopePolicy scopePolicy() {
      return ScopePolicy.fixed(Set.of("admin"));
    }
  }
}
