package dev.tollgate.testing.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.testing.TollgateTestIssuer;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each deliberate fault of a {@link GateServer} is caught by the check meant for it; without
 * faults, the same server passes every check.
 */
class BrokenServerCheckTest {
  @RegisterExtension static TollgateTestIssuer issuer = TollgateTestIssuer.create();

  @BeforeAll
  static void registerClient() {
    issuer.issuer().registerClient("checker", "checker-secret");
  }

  static CheckReport check(GateServer server) {
    return TollgateCheck.against(server.endpoint())
        .token(issuer.issuer().token(server.endpoint()).scopes("mcp").sign())
        .clientCredentials("checker", "checker-secret")
        .otherAudienceToken(
            issuer.issuer().token(URI.create(GateServer.OTHER_RESOURCE)).scopes("mcp").sign())
        .run();
  }

  @Test
  void runWhenServerHasNoFaultThenEveryCheckPasses() {
    try (GateServer server = GateServer.start(issuer.issuer(), Set.of())) {
      CheckReport report = check(server);

      report.assertAllPassed();
      assertEquals(report.results().size(), report.passedCount(), report::toText);
      assertEquals(CheckStatus.PASS, report.status("token.insufficient_scope"), report::toText);
    }
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "NO_AUTHENTICATION,                    unauthenticated.status,       FAIL",
    "NO_WWW_AUTHENTICATE,                  challenge.scheme,             FAIL",
    "NO_RESOURCE_METADATA,                 challenge.resource_metadata,  FAIL",
    "UNQUOTED_CHALLENGE,                   challenge.syntax,             FAIL",
    "NO_SCOPE_IN_CHALLENGE,                challenge.scope,              WARN",
    "ERROR_WITHOUT_TOKEN,                  challenge.no_error,           FAIL",
    "NO_CORS,                              cors.challenge,               FAIL",
    "NO_CORS,                              metadata.cors,                FAIL",
    "NO_METADATA,                          metadata.path_suffixed,       FAIL",
    "METADATA_RESOURCE_MISMATCH,           metadata.path_suffixed,       FAIL",
    "METADATA_RESOURCE_MISMATCH,           metadata.advertised,          FAIL",
    "METADATA_OFFERS_QUERY,                metadata.bearer_methods,      FAIL",
    "AUTHORIZATION_SERVER_WITHOUT_PKCE,    as.pkce,                      FAIL",
    "AUTHORIZATION_SERVER_ISSUER_MISMATCH, as.metadata,                  FAIL",
    "MALFORMED_HEADER_CRASHES,             request.malformed,            FAIL",
    "BAD_TOKEN_AS_400,                     token.garbage,                FAIL",
    "QUERY_TOKEN_ACCEPTED,                 token.query,                  FAIL",
    "HOST_REFLECTED,                       spoof.host,                   FAIL",
    "FORWARDED_REFLECTED,                  spoof.forwarded,              FAIL",
    "OTHER_AUDIENCE_ACCEPTED,              token.other_audience,         FAIL",
    "INSUFFICIENT_SCOPE_WITHOUT_SCOPE,     token.insufficient_scope,     FAIL",
  })
  void runWhenServerHasFaultThenItsCheckReportsIt(
      Fault fault, String checkId, CheckStatus expected) {
    try (GateServer server = GateServer.start(issuer.issuer(), Set.of(fault))) {
      CheckReport report = check(server);

      assertEquals(expected, report.status(checkId), report::toText);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "NO_SCOPE_IN_CHALLENGE, challenge.scope",
    "HOST_REFLECTED,        spoof.host",
    "NO_RESOURCE_METADATA,  challenge.resource_metadata",
  })
  void runWhenServerHasOneFaultThenOtherChecksStillPass(Fault fault, String faultCheck) {
    try (GateServer server = GateServer.start(issuer.issuer(), Set.of(fault))) {
      CheckReport report = check(server);

      report.results().stream()
          .filter(r -> !r.id().equals(faultCheck))
          .filter(
              r -> !(fault == Fault.NO_RESOURCE_METADATA && r.id().equals("metadata.advertised")))
          .forEach(r -> assertEquals(CheckStatus.PASS, r.status(), report::toText));
    }
  }
}
