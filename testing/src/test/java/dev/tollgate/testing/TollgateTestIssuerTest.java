package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.CredentialKind;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.account.apikey.ApiKeyRefusedException;
import dev.tollgate.gate.Tollgate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered both ways, and the API keys it wires. */
class TollgateTestIssuerTest {
  @RegisterExtension static TollgateTestIssuer issuer = TollgateTestIssuer.create();

  private static Decision decide(Tollgate gate, String credential) {
    return gate.decide(
        RequestView.of(
            "POST", "/mcp", Map.of("Authorization", List.of("Bearer " + credential)), null));
  }

  @Test
  void tollgateWhenTokenAndApiKeyThenBothAllowed() {
    Tollgate gate =
        issuer
            .tollgate()
            .resolver(issuer.apiKeys().resolver())
            .requiredScopes(Set.of("mcp"))
            .build();

    Decision.Allow byToken =
        assertInstanceOf(
            Decision.Allow.class,
            decide(gate, issuer.token().subject("acct-token").scopes("mcp").sign()));
    Decision.Allow byKey =
        assertInstanceOf(Decision.Allow.class, decide(gate, issuer.createKey("acct-key")));

    assertEquals(CredentialKind.ACCESS_TOKEN, byToken.principal().kind());
    assertEquals("acct-key", byKey.principal().accountId());
    assertEquals(CredentialKind.API_KEY, byKey.principal().kind());
  }

  @Test
  void apiKeysWhenKeyRevokedThenRefused() {
    Tollgate gate = issuer.tollgate().resolver(issuer.apiKeys().resolver()).build();
    String key = issuer.createKey("acct-revoked");

    issuer.apiKeys().service().revoke("acct-revoked");

    assertEquals(
        "invalid_token", assertInstanceOf(Decision.Challenge.class, decide(gate, key)).error());
  }

  @Test
  void createKeyWhenAccountHasOneThenRefused() {
    issuer.createKey("acct-twice");

    assertThrows(ApiKeyRefusedException.class, () -> issuer.createKey("acct-twice"));
  }

  @Test
  void issuerWhenNotRegisteredThenExplains() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TollgateTestIssuer.create().issuer());

    assertEquals(
        "the issuer is not running: register TollgateTestIssuer with @RegisterExtension or @ExtendWith",
        e.getMessage());
  }

  /** An instance field gets a fresh issuer per test. */
  @Nested
  class PerTest {
    @RegisterExtension TollgateTestIssuer perTest = TollgateTestIssuer.create();

    @Test
    void issuerWhenInstanceFieldThenRunningDuringTheTest() {
      Tollgate gate = perTest.tollgate().build();

      assertInstanceOf(Decision.Allow.class, decide(gate, perTest.token().sign()));
    }
  }
}
