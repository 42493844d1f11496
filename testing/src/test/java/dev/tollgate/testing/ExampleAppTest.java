package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's example: a tiny application that answers MCP calls only for callers Tollgate lets
 * through, tested with real tokens from a local issuer and a real API key.
 */
class ExampleAppTest {
  static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");

  /** The application under test: Tollgate in front, its own logic behind. */
  static final class GreetingApp {
    private final Tollgate gate;

    GreetingApp(Tollgate gate) {
      this.gate = gate;
    }

    /** Returns the HTTP status and body the application would send. */
    String handle(String authorization) {
      RequestView request =
          RequestView.of("POST", "/mcp", Map.of("Authorization", List.of(authorization)), null);
      Decision decision = gate.decide(request);
      if (decision instanceof Decision.Allow allow) {
        return "200 hello " + allow.principal().accountId();
      }
      if (decision instanceof Decision.Challenge challenge) {
        return challenge.status() + " " + challenge.error();
      }
      return "503";
    }
  }

  @RegisterExtension static TollgateTestIssuer issuer = TollgateTestIssuer.create(RESOURCE);

  private GreetingApp app() {
    return new GreetingApp(
        issuer
            .tollgate()
            .resolver(issuer.apiKeys().resolver())
            .requiredScopes(Set.of("mcp"))
            .build());
  }

  @Test
  void handleWhenTokenValidThenGreetsTheAccount() {
    String token = issuer.token().subject("demo-pro").scopes("mcp").sign();

    assertEquals("200 hello demo-pro", app().handle("Bearer " + token));
  }

  @Test
  void handleWhenApiKeyValidThenGreetsTheAccount() {
    String key = issuer.createKey("demo-team");

    assertEquals("200 hello demo-team", app().handle("Bearer " + key));
  }

  @Test
  void handleWhenTokenBrokenThenRefused() {
    GreetingApp app = app();

    assertEquals(
        "401 invalid_token", app.handle("Bearer " + issuer.token().scopes("mcp").expired().sign()));
    assertEquals(
        "401 invalid_token",
        app.handle(
            "Bearer "
                + issuer.token().scopes("mcp").audience("https://other.example.com/mcp").sign()));
    assertEquals("403 insufficient_scope", app.handle("Bearer " + issuer.token().sign()));
    assertEquals("400 invalid_request", app.handle("Bearer a b"));
  }
}
