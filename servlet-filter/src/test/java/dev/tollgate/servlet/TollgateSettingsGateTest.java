package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.JwtIssuer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link TollgateSettings} building gates that resolve real signed tokens and custom resolvers. */
class TollgateSettingsGateTest {
  private static final String RESOURCE = "https://mcp.example.com/mcp";
  private static final String UPGRADE = "https://example.com/account/";

  @Test
  void decideWhenPlanClaimRenamedThenReadFromVerifiedTokens() {
    try (JwtIssuer issuer = JwtIssuer.start()) {
      Tollgate gate =
          load(Map.of(
                  "issuer",
                  JwtIssuer.ISSUER,
                  "jwks-uri",
                  issuer.jwksUri().toString(),
                  "tool-plans",
                  "enterprise_report=enterprise",
                  "plan-claim",
                  "tier",
                  "upgrade-uri",
                  UPGRADE))
              .toTollgate();
      URI resource = URI.create(RESOURCE);
      String enterprise =
          issuer.token(resource, "acct-1", "app", "mcp", Map.of("tier", "enterprise"));
      String professional =
          issuer.token(resource, "acct-2", "app", "mcp", Map.of("tier", "professional"));

      assertInstanceOf(
          Decision.Allow.class, gate.decide(call("tools/call", "enterprise_report", enterprise)));
      Decision lower = gate.decide(call("tools/call", "enterprise_report", professional));
      assertEquals(403, assertInstanceOf(Decision.Challenge.class, lower).status());
    }
  }

  @Test
  void
      decideWhenCredentialNotB64TokenThenInvalidRequestWhateverItsShapeAndOnceAValidTokenIsCached() {
    try (JwtIssuer issuer = JwtIssuer.start()) {
      Tollgate gate =
          load(Map.of("issuer", JwtIssuer.ISSUER, "jwks-uri", issuer.jwksUri().toString()))
              .toTollgate();
      String token = issuer.token(URI.create(RESOURCE), "acct-1", "app", "mcp", Map.of());
      assertInstanceOf(Decision.Allow.class, gate.decide(call("tools/list", null, token)));

      // Opaque-shaped (no route: refused from the shape alone) and JWT-shaped (the cache's
      // route), each with a character no b64token has; the valid token stays cached meanwhile.
      for (String malformed : List.of("a b", "a\"b", token + "!", "x.y.z,")) {
        Decision.Challenge challenge =
            assertInstanceOf(
                Decision.Challenge.class, gate.decide(call("tools/list", null, malformed)));
        assertEquals(400, challenge.status(), malformed);
        assertEquals("invalid_request", challenge.error(), malformed);
      }
      assertInstanceOf(Decision.Allow.class, gate.decide(call("tools/list", null, token)));
    }
  }

  @Test
  void configureWhenNoIssuerThenApplicationAddsItsOwnResolver() {
    Tollgate gate =
        load(Map.of("resource", RESOURCE, "scopes", "mcp"))
            .configure(Tollgate.builder())
            .resolver(new FixedTokenResolver())
            .build();

    Decision decision =
        gate.decide(
            RequestView.of(
                "POST",
                "/mcp",
                Map.of("Authorization", List.of("Bearer " + FixedTokenResolver.GOOD)),
                null));

    assertEquals(FixedTokenResolver.USER, ((Decision.Allow) decision).principal());
  }

  private static RequestView call(String method, @Nullable String tool, String token) {
    return RequestView.withMcpCall(
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null),
        method,
        tool);
  }

  private static TollgateSettings load(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent("resource", RESOURCE);
    return TollgateSettings.load(SettingSource.of(all));
  }
}
