package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.account.Entitlement;
import dev.tollgate.account.EntitlementPolicy;
import dev.tollgate.apikey.ApiKeyService;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.metrics.TollgateMetrics;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.servlet.TollgateSettings;
import dev.tollgate.testing.LocalIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link TollgateAutoConfiguration}: the {@code tollgate.*} properties configure the filter on the
 * MCP paths, and the application's SPI beans (entitlement, decision listener, key store,
 * revocations) are picked up.
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
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
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
    String token = ISSUER.token().subject("revoked-account").scopes("mcp").issuedAt(Instant.now().minusSeconds(60)).sign();
    revocations.revokeAccount("revoked-account", Instant.now());

    HttpResponse<String> response = Http.post(port, "/mcp", token);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
  }

  @Test
  void requestWhenDecidedThenListenerBeanAndMetersAreTold() {
    String token = ISSUER.token().subject("listened-account").scopes("mcp").sign();

    Http.post(port, "/mcp", token);

    assertThat(listener.events)
        .anySatisfy(event -> {
          assertThat(event.accountId()).isEqualTo("listened-account");
          assertThat(event.outcome()).isEqualTo(DecisionEvent.Outcome.ALLOW);
        });
    assertThat(meters.find(TollgateMetrics.DECISIONS).tag("outcome", "allow").counter()).isNotNull();
    assertThat(meters.find(TollgateMetrics.RESOLVER_LATENCY).tag("resolver", "credentials").timer()).isNotNull();
  }
}
