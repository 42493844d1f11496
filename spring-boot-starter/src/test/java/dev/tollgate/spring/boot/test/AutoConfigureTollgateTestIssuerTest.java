package dev.tollgate.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.LocalIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@link AutoConfigureTollgateTestIssuer}: a test mints tokens the real filter verifies. */
@SpringBootTest(
    classes = AutoConfigureTollgateTestIssuerTest.Application.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tollgate.resource=http://localhost/mcp", "tollgate.scopes=mcp"})
@AutoConfigureTollgateTestIssuer
class AutoConfigureTollgateTestIssuerTest {
  @LocalServerPort int port;
  @Autowired LocalIssuer issuer;

  @Test
  void requestWhenTokenFromTestIssuerThenAllowed() throws Exception {
    HttpResponse<String> response = post(issuer.token().subject("demo-pro").scopes("mcp").sign());

    assertThat(issuer.resource()).hasToString("http://localhost/mcp");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void requestWhenExpiredTokenFromTestIssuerThen401InvalidToken() throws Exception {
    HttpResponse<String> response = post(issuer.token().scopes("mcp").expired().sign());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void requestWhenTokenFromUnknownKeyThen401InvalidToken() throws Exception {
    HttpResponse<String> response =
        post(issuer.token().scopes("mcp").signedWithUnknownKey().sign());

    assertThat(response.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> post(String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSecurity
  @RestController
  static class Application {
    @PostMapping("/mcp")
    String mcp() {
      return "ok";
    }
  }
}
