package dev.tollgate.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import dev.tollgate.testing.LocalIssuer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example against an external authorization server, configured by properties alone ({@code
 * tollgate.issuer}, {@code tollgate.jwks-uri}, as {@code TOLLGATE_ISSUER} and {@code
 * TOLLGATE_JWKS_URI} would): the gate trusts that issuer and its tokens work.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tollgate.resource=" + ExternalIssuerTest.RESOURCE,
      "tollgate.dev-auth-port=0",
      "server.shutdown=immediate"
    })
class ExternalIssuerTest {
  static final String RESOURCE = "http://localhost/mcp";
  private static final LocalIssuer ISSUER = LocalIssuer.start(URI.create(RESOURCE));

  @DynamicPropertySource
  static void issuer(DynamicPropertyRegistry registry) {
    registry.add("tollgate.issuer", () -> ISSUER.issuer().toString());
    registry.add("tollgate.jwks-uri", () -> ISSUER.jwksUri().toString());
  }

  @AfterAll
  static void stop() {
    ISSUER.close();
  }

  @LocalServerPort int port;
  @Autowired Environment environment;

  @Test
  void whoamiWhenExternalIssuerTokenThenCallerIsItsSubject() throws Exception {
    String token = ISSUER.token().subject(DemoAccounts.PRO).scopes("mcp").sign();

    HttpResponse<String> response =
        new McpHttp()
            .callTool(URI.create("http://localhost:" + port + "/mcp"), token, "whoami", Map.of());

    assertThat(environment.getProperty("tollgate.issuer")).isEqualTo(ISSUER.issuer().toString());
    JsonNode who = McpHttp.jsonRpc(response.body()).path("result").path("structuredContent");
    assertThat(who.path("account").asText()).as(response.body()).isEqualTo(DemoAccounts.PRO);
    assertThat(who.path("credential").asText()).isEqualTo("ACCESS_TOKEN");
  }
}
