package dev.tollgate.testing.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    server = TomcatGate.start(resource -> issuer.tollgate(resource)
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
    CheckReport report = TollgateCheck.against(server.endpoint())
        .token(issuer.token().audience(server.endpoint()).scopes("mcp").sign())
        .clientCredentials("checker", "checker-secret")
        .otherAudienceToken(issuer.token().audience("https://other.example.test/mcp").scopes("mcp").sign())
        .run();

    report.assertAllPassed();
    assertEquals(report.results().size(), report.passedCount(), report::toText);
    assertEquals(CheckStatus.PASS, report.status("token.client_credentials"));
    assertEquals(CheckStatus.PASS, report.status("token.insufficient_scope"));
  }

  @Test
  void runWhenOnlyClientCredentialsThenOtherAudienceTokenObtainedAndRefused() {
    CheckReport report = TollgateCheck.against(server.endpoint())
        .clientCredentials("checker", "checker-secret")
        .run();

    assertEquals(CheckStatus.PASS, report.status("token.client_credentials"), report::toText);
    assertEquals(CheckStatus.PASS, report.status("token.other_audience"), report::toText);
    report.assertAllPassed();
  }

  @Test
  void runWhenTokenIsApiKeyThenAcceptedAndQueryCopyRefused() {
    CheckReport report = TollgateCheck.against(server.endpoint())
        .token(issuer.createKey("demo-pro"))
        .run();

    assertEquals(CheckStatus.PASS, report.status("token.valid"), report::toText);
    assertEquals(CheckStatus.PASS, report.status("token.query"), report::toText);
    report.assertAllPassed();
  }

  @Test
  void runWhenTokenExpiredThenValidTokenCheckFails() {
    CheckReport report = TollgateCheck.against(server.endpoint())
        .token(issuer.token().audience(URI.create(server.endpoint().toString())).scopes("mcp").expired().sign())
        .run();

    assertEquals(CheckStatus.FAIL, report.status("token.valid"), report::toText);
    assertEquals(1, report.failures().size(), report::toText);
  }
}
