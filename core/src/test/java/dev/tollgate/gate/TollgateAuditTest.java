package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.Entitlement;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionEvent.Outcome;
import dev.tollgate.audit.DecisionListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Tollgate#decide} reports exactly one {@link DecisionEvent}, whatever the outcome.
 */
class TollgateAuditTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");

  private final List<DecisionEvent> events = new ArrayList<>();

  private final CredentialResolver resolver =
      credential ->
          switch (credential.value()) {
            case "good" ->
                Resolution.resolved(
                    principal("acct-1", Set.of("mcp"), CredentialKind.ACCESS_TOKEN));
            case "tg_key" ->
                Resolution.resolved(principal("acct-2", Set.of("mcp"), CredentialKind.API_KEY));
            case "narrow" ->
                Resolution.resolved(
                    principal("acct-1", Set.of("other"), CredentialKind.ACCESS_TOKEN));
            case "free" ->
                Resolution.resolved(
                    principal("acct-free", Set.of("mcp"), CredentialKind.ACCESS_TOKEN));
            case "revoked" ->
                Resolution.resolved(
                    principal("acct-gone", Set.of("mcp"), CredentialKind.ACCESS_TOKEN));
            case "down" -> Resolution.unavailable("jwks");
            case "boom" -> throw new IllegalStateException("resolver bug");
            case "other" -> Resolution.notMine();
            default -> Resolution.invalid("The access token has expired");
          };

  private Tollgate gate(DecisionListener... listeners) {
    Tollgate.Builder builder =
        Tollgate.builder()
            .resource(RESOURCE)
            .requiredScopes(Set.of("mcp"))
            .resolver(resolver)
            .revocationCheck(p -> p.accountId().equals("acct-gone"))
            .entitlementPolicy(
                (p, r) ->
                    p.accountId().equals("acct-free")
                        ? Entitlement.refused("Buy credits", null)
                        : Entitlement.granted());
    builder.decisionListener(events::add);
    for (DecisionListener listener : listeners) {
      builder.decisionListener(listener);
    }
    return builder.build();
  }

  static Stream<Arguments> outcomes() {
    return Stream.of(
        // header, outcome, reason, account, client, kind, has fingerprint
        Arguments.of(null, Outcome.CHALLENGE, "missing_credential", null, null, null, false),
        Arguments.of("Bearer a b", Outcome.CHALLENGE, "invalid_request", null, null, null, false),
        Arguments.of("Bearer expired", Outcome.CHALLENGE, "invalid_token", null, null, null, true),
        Arguments.of("Bearer other", Outcome.CHALLENGE, "invalid_token", null, null, null, true),
        Arguments.of(
            "Bearer revoked",
            Outcome.CHALLENGE,
            "revoked",
            "acct-gone",
            "client-a",
            CredentialKind.ACCESS_TOKEN,
            true),
        Arguments.of(
            "Bearer free",
            Outcome.CHALLENGE,
            "entitlement_required",
            "acct-free",
            "client-a",
            CredentialKind.ACCESS_TOKEN,
            true),
        Arguments.of(
            "Bearer narrow",
            Outcome.CHALLENGE,
            "insufficient_scope",
            "acct-1",
            "client-a",
            CredentialKind.ACCESS_TOKEN,
            true),
        Arguments.of("Bearer down", Outcome.UNAVAILABLE, "jwks", null, null, null, true),
        Arguments.of(
            "Bearer boom", Outcome.UNAVAILABLE, "credential-resolver", null, null, null, true),
        Arguments.of(
            "Bearer good",
            Outcome.ALLOW,
            "ok",
            "acct-1",
            "client-a",
            CredentialKind.ACCESS_TOKEN,
            true),
        Arguments.of(
            "Bearer tg_key",
            Outcome.ALLOW,
            "ok",
            "acct-2",
            "client-a",
            CredentialKind.API_KEY,
            true));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("outcomes")
  void decideWhenOutcomeThenExactlyOneEventWithItsFields(
      @Nullable String header,
      Outcome outcome,
      String reason,
      @Nullable String account,
      @Nullable String client,
      @Nullable CredentialKind kind,
      boolean hasFingerprint) {
    gate().decide(request(header));

    assertEquals(1, events.size());
    DecisionEvent event = events.get(0);
    assertEquals(outcome, event.outcome());
    assertEquals(reason, event.reason());
    assertEquals("POST", event.method());
    assertEquals("/mcp", event.path());
    assertEquals("192.0.2.7", event.remoteAddress());
    assertEquals(account, event.accountId());
    assertEquals(client, event.clientId());
    assertEquals(kind, event.credentialKind());
    if (hasFingerprint) {
      String token = header.substring("Bearer ".length());
      assertEquals(
          Credential.of(token).sha256Hex().substring(0, 12), event.credentialFingerprint());
    } else {
      assertNull(event.credentialFingerprint());
    }
  }

  @Test
  void decideWhenListenerThrowsThenDecisionStandsAndLaterListenersStillCalled() {
    List<DecisionEvent> later = new ArrayList<>();
    Tollgate gate =
        gate(
            event -> {
              throw new IllegalStateException("metrics backend down");
            },
            later::add);

    Decision decision = gate.decide(request("Bearer good"));

    assertInstanceOf(Decision.Allow.class, decision);
    assertEquals(1, events.size());
    assertEquals(1, later.size());
  }

  @Test
  void decideWhenPathHasControlCharactersThenEventPathPrintable() {
    gate().decide(RequestView.of("POST", "/mcp\r\nINFO forged line\u202e", Map.of(), null));

    assertEquals("/mcp??INFO forged line?", events.get(0).path());
  }

  private static TollgatePrincipal principal(
      String account, Set<String> scopes, CredentialKind kind) {
    return TollgatePrincipal.builder(account)
        .clientId("client-a")
        .scopes(scopes)
        .kind(kind)
        .build();
  }

  private static RequestView request(@Nullable String authorization) {
    RequestView.Builder request = RequestView.builder("POST", "/mcp").remoteAddress("192.0.2.7");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }
}
