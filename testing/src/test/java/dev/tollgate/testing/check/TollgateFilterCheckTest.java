package dev.tollgate.testing.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.config.CorsPolicy;
import dev.tollgate.testing.TollgateTestIssuer;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@link dev.tollgate.servlet.TollgateFilter} on embedded Tomcat, with a {@link
 * dev.tollgate.testing.LocalIssuer} as its authorization server and API keys beside JWTs, passes
 * every check, with and without credentials.
 */
class TollgateFilterCheckTest {
  @RegisterExtension static TollgateTestIssuer issuer = TollgateTestIssuer.create();

  private static TomcatGate server;

  @BeforeAll
  static void start() throws Exception {
    issuer.issuer().registerClient("checker", "checker-secret");
    server =
        TomcatGate.start(
            resource ->
                issuer
                    .tollgate(resource)
                    .resolver(issuer.apiKeys().resolver())
                    .requiredScopes(Set.of("mcp"))
                    .build());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void runWhenNoCredentialsThenEveryCheckPasses() {
    CheckReport report = TollgateCheck.against(server.endpoint()).run();

    report.assertAllPassed();
    assertEquals(report.results().size(), report.passedCount(), report::toText);
  }

  @Test
  void runWhenAllCredentialsGivenThenEveryCheckPasses() {
    CheckReport report =
        TollgateCheck.against(server.endpoint())
            .token(issuer.token().audience(server.endpoint()).scopes("mcp").sign())
            .clientCredentials("checker", "checker-secret")
            .otherAudienceToken(
                issuer.token().audience("https://other.example.test/mcp").scopes("mcp").sign())
            .run();

    report.assertAllPassed();
    assertEquals(report.results().size(), report.passedCount(), report::toText);
    assertEquals(CheckStatus.PASS, report.status("token.client_credentials"));
    assertEquals(CheckStatus.PASS, report.status("token.insufficient_scope"));
  }

  @Test
  void runWhenServerAdmitsOnlyOtherOriginsThenSaysToPassAnAllowedOrigin() throws Exception {
    try (TomcatGate restricted = restrictedGate()) {
      CheckReport report = TollgateCheck.against(restricted.endpoint()).run();

      assertEquals(CheckStatus.FAIL, report.status("unauthenticated.status"));
      assertTrue(report.toText().contains("--origin"), report::toText);
    }
  }

  @Test
  void runWhenOriginAdmittedByRestrictedServerThenEveryCheckPasses() throws Exception {
    try (TomcatGate restricted = restrictedGate()) {
      CheckReport report =
          TollgateCheck.against(restricted.endpoint()).origin("https://app.example.test").run();

      report.assertAllPassed();
    }
  }

  private static TomcatGate restrictedGate() throws Exception {
    return TomcatGate.start(
        resource -> issuer.tollgate(resource).requiredScopes(Set.of("mcp")).build(),
        CorsPolicy.builder().allowedOrigin("https://app.example.test").build());
  }

  @Test
  void runWhenOnlyClientCredentialsThenOtherAudienceTokenObtainedAndRefused() {
    CheckReport report =
        TollgateCheck.against(server.endpoint())
            .clientCredentials("checker", "checker-secret")
            .run();

    assertEquals(CheckStatus.PASS, report.status("token.client_credentials"), report::toText);
    assertEquals(CheckStatus.PASS, report.status("token.other_audience"), report::toText);
    report.assertAllPassed();
  }

  @Test
  void runWhenTokenIsApiKeyThenAcceptedAndQueryCopyRefused() {
    CheckReport report =
        TollgateCheck.against(server.endpoint()).token(issuer.createKey("demo-pro")).run();

    assertEquals(CheckStatus.PASS, report.status("token.valid"), report::toText);
    assertEquals(CheckStatus.PASS, report.status("token.query"), report::toText);
    report.assertAllPassed();
  }

  @Test
  void runWhenTokenExpiredThenValidTokenCheckFails() {
    CheckReport report =
        TollgateCheck.against(server.endpoint())
            .token(
                issuer
                    .token()
                    .audience(URI.create(server.endpoint().toString()))
                    .scopes("mcp")
                    .expired()
                    .sign())
            .run();

    assertEquals(CheckStatus.FAIL, report.status("token.valid"), report::toText);
    assertEquals(1, report.failures().size(), report::toText);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "typ JWT|set TOLLGATE_TOKEN_TYPES (token-types) to accept typ JWT, e.g. \"at+jwt JWT\"",
        "no typ|set TOLLGATE_TOKEN_TYPES (token-types) to accept tokens without typ: \"at+jwt untyped\"",
        "other audience|set TOLLGATE_AUDIENCE (audience) to its aud if that names this resource: [https://api.example.test]",
        "other issuer|add its iss to TOLLGATE_ISSUER (issuer): https://elsewhere.example.test",
      })
  void runWhenTokenRefusedForTypeAudienceOrIssuerThenSaysWhichSettingToLookAt(
      String problem, String hint) {
    dev.tollgate.testing.AccessTokenBuilder token =
        issuer.token().audience(server.endpoint()).scopes("mcp");
    switch (problem) {
      case "typ JWT" -> token.type("JWT");
      case "no typ" -> token.withoutType();
      case "other audience" -> token.audience("https://api.example.test");
      default -> token.issuer("https://elsewhere.example.test");
    }

    CheckReport report = TollgateCheck.against(server.endpoint()).token(token.sign()).run();

    assertEquals(CheckStatus.FAIL, report.status("token.valid"), report::toText);
    String seen =
        report.results().stream()
            .filter(r -> r.id().equals("token.valid"))
            .findFirst()
            .orElseThrow()
            .seen();
    org.junit.jupiter.api.Assertions.assertTrue(seen.contains(hint), seen);
  }
}
