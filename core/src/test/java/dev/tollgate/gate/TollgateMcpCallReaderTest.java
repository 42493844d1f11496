package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.mcp.McpCall;
import dev.tollgate.mcp.McpCallReader;
import dev.tollgate.scope.McpScopePolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link Tollgate#decide(RequestView, McpCallReader)}: the MCP message is read only for a request
 * whose credential was accepted, and every request is one decision.
 */
class TollgateMcpCallReaderTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private static final String ADDRESS = "192.0.2.7";
  private static final McpCall LIST = new McpCall.Parsed("tools/list", null);
  private static final McpCall CHARGE = new McpCall.Parsed("tools/call", "charge");
  private static final McpCall ELICITATION_ANSWER = new McpCall.Response();

  private final List<DecisionEvent> events = new ArrayList<>();
  private final Set<String> revoked = Set.of("acct-revoked");

  private Tollgate gate(boolean rateLimited) {
    Map<String, TollgatePrincipal> principals =
        Map.of(
            "reader", principal("acct-pro", "mcp", "mcp:read"),
            "writer", principal("acct-pro", "mcp", "mcp:read", "mcp:write"),
            "connect-only", principal("acct-pro", "mcp"),
            "free", principal("acct-free", "mcp", "mcp:read", "mcp:write"),
            "revoked", principal("acct-revoked", "mcp", "mcp:read", "mcp:write"));
    Tollgate.Builder builder =
        Tollgate.builder()
            .resource(RESOURCE)
            .resolver(
                credential -> {
                  TollgatePrincipal principal = principals.get(credential.value());
                  return principal != null
                      ? Resolution.resolved(principal)
                      : Resolution.invalid("The access token is invalid");
                })
            .revocationCheck(principal -> revoked.contains(principal.accountId()))
            .scopePolicy(
                McpScopePolicy.builder()
                    .always("mcp")
                    .method("tools/list", "mcp:read")
                    .method("tools/call", "mcp:read")
                    .tool("charge", "mcp:write")
                    .build())
            .entitlementPolicy(
                AccountEntitlementPolicy.builder()
                    .directory(
                        AccountDirectory.inMemory(
                            new Account("acct-pro", Plan.PROFESSIONAL, 0, 0),
                            new Account("acct-revoked", Plan.PROFESSIONAL, 0, 0),
                            new Account("acct-free", Plan.FREE, 0, 100)))
                    .toolRequiresPlan("audit", Plan.ENTERPRISE)
                    .build())
            .decisionListener(events::add);
    if (rateLimited) {
      builder.failureRateLimit(1, Duration.ofMinutes(10));
    }
    return builder.build();
  }

  private static TollgatePrincipal principal(String account, String... scopes) {
    return TollgatePrincipal.builder(account).scopes(Set.of(scopes)).build();
  }

  /** A reader that counts its calls and returns {@code call}. */
  private static final class Reader implements McpCallReader {
    final AtomicInteger reads = new AtomicInteger();
    private final McpCall call;

    Reader(McpCall call) {
      this.call = call;
    }

    @Override
    public McpCall read() {
      reads.incrementAndGet();
      return call;
    }
  }

  private static RequestView request(@Nullable String authorization) {
    RequestView.Builder request = RequestView.builder("POST", "/mcp").remoteAddress(ADDRESS);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private static int status(Decision decision) {
    return assertInstanceOf(Decision.Challenge.class, decision).status();
  }

  @Test
  void decideWhenNoCredentialThen401AndMessageNotRead() {
    Reader reader = new Reader(new McpCall.Rejected(McpCall.Problem.MALFORMED, "The body is bad"));

    assertEquals(401, status(gate(false).decide(request(null), reader)));
    assertEquals(0, reader.reads.get());
  }

  @Test
  void decideWhenCredentialInvalidThen401AndMessageNotRead() {
    Reader reader =
        new Reader(new McpCall.Rejected(McpCall.Problem.TOO_LARGE, "The body is too large"));

    Decision decision = gate(false).decide(request("Bearer garbage"), reader);

    assertEquals(401, status(decision));
    assertEquals(0, reader.reads.get());
    assertEquals(1, events.size());
  }

  @Test
  void decideWhenOtherSchemeThen401AndMessageNotRead() {
    Reader reader = new Reader(LIST);

    assertEquals(401, status(gate(false).decide(request("Basic dXNlcjpwYXNz"), reader)));
    assertEquals(0, reader.reads.get());
  }

  @Test
  void decideWhenRevokedThen401AndMessageNotRead() {
    Reader reader = new Reader(LIST);

    assertEquals(401, status(gate(false).decide(request("Bearer revoked"), reader)));
    assertEquals(0, reader.reads.get());
  }

  @Test
  void decideWhenAddressBlockedThen429AndMessageNotRead() {
    Tollgate gate = gate(true);
    gate.decide(request("Bearer garbage"), new Reader(LIST));
    Reader reader = new Reader(LIST);

    Decision decision = gate.decide(request("Bearer writer"), reader);

    assertInstanceOf(Decision.RateLimited.class, decision);
    assertEquals(0, reader.reads.get());
  }

  @Test
  void decideWhenCredentialAcceptedThenMessageReadOnceAndToolRuleApplied() {
    Reader reader = new Reader(CHARGE);

    Decision decision = gate(false).decide(request("Bearer reader"), reader);

    Decision.Challenge challenge = assertInstanceOf(Decision.Challenge.class, decision);
    assertEquals(403, challenge.status());
    assertEquals("insufficient_scope", challenge.error());
    assertEquals(1, reader.reads.get());
    assertEquals(1, events.size());
  }

  @Test
  void decideWhenToolNeedsPlanThenEntitlementSeesTheToolRead() {
    Decision decision =
        gate(false)
            .decide(
                request("Bearer writer"), new Reader(new McpCall.Parsed("tools/call", "audit")));

    assertEquals(
        "entitlement_required", assertInstanceOf(Decision.Challenge.class, decision).error());
  }

  @Test
  void decideWhenMessageRejectedThenOne400WithoutChallengeAndNotCountedAsFailure() {
    Tollgate gate = gate(true);
    Reader reader =
        new Reader(new McpCall.Rejected(McpCall.Problem.BATCH, "Batches are not supported"));

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(request("Bearer writer"), reader));

    assertEquals(400, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertEquals("invalid_request", challenge.error());
    assertEquals(1, events.size());
    // With a limit of one failure, a counted refusal would block the next request.
    assertInstanceOf(
        Decision.Allow.class, gate.decide(request("Bearer writer"), new Reader(CHARGE)));
  }

  @Test
  void decideWhenMessageTooLargeThen413() {
    Reader reader =
        new Reader(new McpCall.Rejected(McpCall.Problem.TOO_LARGE, "The body is too large"));

    assertEquals(413, status(gate(false).decide(request("Bearer writer"), reader)));
    assertEquals(1, events.size());
  }

  @Test
  void decideWhenReaderFailsToReadThen400() {
    McpCallReader broken =
        () -> {
          throw new IOException("client went away");
        };

    assertEquals(400, status(gate(false).decide(request("Bearer writer"), broken)));
  }

  @Test
  void decideWhenReaderHasBugThenUnavailableNeverAllow() {
    McpCallReader buggy =
        () -> {
          throw new IllegalStateException("reader bug");
        };

    assertInstanceOf(
        Decision.Unavailable.class, gate(false).decide(request("Bearer writer"), buggy));
  }

  @Test
  void decideWhenDeclaredCallRefusedThenMessageNotRead() {
    Reader reader = new Reader(CHARGE);
    RequestView declared =
        RequestView.withMcpCall(request("Bearer reader"), "tools/call", "charge");

    Decision decision = gate(false).decide(declared, reader);

    assertEquals(403, status(decision));
    assertEquals(0, reader.reads.get());
    assertEquals(1, events.size());
  }

  @Test
  void decideWhenDeclaredCallDisagreesWithMessageThen400() {
    Reader reader = new Reader(CHARGE);
    RequestView declared =
        RequestView.withMcpCall(request("Bearer reader"), "tools/call", "search");

    Decision decision = gate(false).decide(declared, reader);

    assertEquals(400, status(decision));
    assertEquals(1, reader.reads.get());
    assertEquals(1, events.size());
  }

  @Test
  void decideWhenDeclaredCallMatchesMessageThenAllowedOnce() {
    RequestView declared =
        RequestView.withMcpCall(request("Bearer writer"), "tools/call", "charge");

    assertInstanceOf(Decision.Allow.class, gate(false).decide(declared, new Reader(CHARGE)));
    assertEquals(1, events.size());
  }

  @Test
  void decideWhenDeclaredMethodButMessageIsResponseThen400() {
    RequestView declared = RequestView.withMcpCall(request("Bearer writer"), "tools/list", null);

    assertEquals(400, status(gate(false).decide(declared, new Reader(ELICITATION_ANSWER))));
  }

  @Test
  void decideWhenClientResponseThenOnlyAlwaysScopesNeeded() {
    Decision decision =
        gate(false).decide(request("Bearer connect-only"), new Reader(ELICITATION_ANSWER));

    assertInstanceOf(Decision.Allow.class, decision);
  }

  @Test
  void decideWhenClientResponseFromUnentitledAccountThen403() {
    Decision decision = gate(false).decide(request("Bearer free"), new Reader(ELICITATION_ANSWER));

    assertEquals(
        "entitlement_required", assertInstanceOf(Decision.Challenge.class, decision).error());
  }

  @Test
  void decideWhenClientResponseWithoutAlwaysScopeThen403() {
    Tollgate gate =
        Tollgate.builder()
            .resource(RESOURCE)
            .resolver(credential -> Resolution.resolved(principal("acct-pro", "other")))
            .scopePolicy(
                McpScopePolicy.builder().always("mcp").method("tools/list", "mcp:read").build())
            .build();

    Decision decision = gate.decide(request("Bearer any"), new Reader(ELICITATION_ANSWER));

    assertEquals(
        "insufficient_scope", assertInstanceOf(Decision.Challenge.class, decision).error());
  }
}
