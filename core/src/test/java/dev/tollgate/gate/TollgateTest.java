package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Decision;
import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.Entitlement;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.ScopePolicy;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.bearer.BearerTokenExtractor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TollgateTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private static final String METADATA_URL =
      "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

  private final AtomicInteger resolverCalls = new AtomicInteger();
  private final CredentialResolver resolver =
      credential -> {
        resolverCalls.incrementAndGet();
        return switch (credential.value()) {
          case "good" -> Resolution.resolved(principal("acct-1", "client-a", Set.of("mcp")));
          case "narrow" -> Resolution.resolved(principal("acct-1", "client-a", Set.of("other")));
          case "free" -> Resolution.resolved(principal("acct-free", "client-a", Set.of("mcp")));
          case "down" -> Resolution.unavailable("jwks");
          case "slow-down" -> Resolution.unavailable("introspection", Duration.ofSeconds(30));
          case "boom" -> throw new IllegalStateException("resolver bug");
          case "other" -> Resolution.notMine();
          default -> Resolution.invalid("The access token has expired");
        };
      };

  private Tollgate.Builder gate() {
    return gate(resolver);
  }

  private static Tollgate.Builder gate(CredentialResolver resolver) {
    return Tollgate.builder()
        .resource(RESOURCE)
        .authorizationServer(URI.create("https://auth.example.com"))
        .requiredScopes(Set.of("mcp"))
        .resolver(resolver);
  }

  @Test
  void decideWhenNoCredentialThenChallengeWithoutErrorAndResolverNotCalled() {
    Decision.Challenge challenge = challenge(gate().build().decide(request()));

    assertEquals(401, challenge.status());
    assertEquals(
        "Bearer scope=\"mcp\", resource_metadata=\"" + METADATA_URL + "\"",
        challenge.wwwAuthenticate());
    assertEquals(0, resolverCalls.get());
  }

  @Test
  void decideWhenMalformedThenInvalidRequestAndResolverNotCalled() {
    Decision.Challenge challenge = challenge(gate().build().decide(request("Bearer a b")));

    assertEquals(400, challenge.status());
    assertTrue(challenge.wwwAuthenticate().startsWith("Bearer error=\"invalid_request\""));
    assertEquals(0, resolverCalls.get());
  }

  @Test
  void decideWhenCredentialNotB64TokenThenInvalidRequestAndResolverNeitherAskedNorConsulted() {
    AtomicInteger knownCalls = new AtomicInteger();
    CredentialResolver recording =
        new CredentialResolver() {
          @Override
          public Resolution resolve(Credential credential) {
            resolverCalls.incrementAndGet();
            return Resolution.invalid("resolve should not be reached");
          }

          @Override
          public @Nullable Resolution known(Credential credential) {
            knownCalls.incrementAndGet();
            return null;
          }
        };
    Tollgate gate = gate(recording).build();

    for (String header :
        List.of("Bearer a\"b", "Bearer a=b", "Bearer \u00e9t\u00e9", "Bearer a,b")) {
      Decision.Challenge challenge = challenge(gate.decide(request(header)));
      assertEquals(400, challenge.status(), header);
      assertEquals("invalid_request", challenge.error(), header);
      assertTrue(challenge.wwwAuthenticate().contains(BearerTokenExtractor.NOT_B64TOKEN), header);
    }
    assertEquals(0, resolverCalls.get());
    assertEquals(4, knownCalls.get());
  }

  @Test
  void decideWhenResolverKnowsARefusalForAMalformedCredentialThenStillInvalidRequest() {
    // A router answers not-mine or invalid from the shape alone, without any cache: that says
    // nothing about the grammar, which still decides first.
    for (Resolution refusal : List.of(Resolution.notMine(), Resolution.invalid("not recognised"))) {
      CredentialResolver shapeOnly =
          new CredentialResolver() {
            @Override
            public Resolution resolve(Credential credential) {
              resolverCalls.incrementAndGet();
              return refusal;
            }

            @Override
            public Resolution known(Credential credential) {
              return refusal;
            }
          };
      Tollgate gate = gate(shapeOnly).build();

      Decision.Challenge malformed = challenge(gate.decide(request("Bearer a\"b")));
      Decision.Challenge wellFormed = challenge(gate.decide(request("Bearer ab")));

      assertEquals(400, malformed.status());
      assertEquals("invalid_request", malformed.error());
      assertEquals(401, wellFormed.status());
      assertEquals("invalid_token", wellFormed.error());
    }
    assertEquals(0, resolverCalls.get());
  }

  @Test
  void decideWhenResolverKnowsCredentialThenAnsweredFromThatWithoutResolving() {
    Resolution knownAnswer = Resolution.resolved(principal("acct-1", "client-a", Set.of("mcp")));
    CredentialResolver knowing =
        new CredentialResolver() {
          @Override
          public Resolution resolve(Credential credential) {
            resolverCalls.incrementAndGet();
            return Resolution.invalid("resolve should not be reached");
          }

          @Override
          public @Nullable Resolution known(Credential credential) {
            return credential.startsWith("seen") ? knownAnswer : null;
          }
        };
    Tollgate gate = gate(knowing).build();

    Decision known = gate.decide(request("Bearer seen-before"));
    Decision unknown = gate.decide(request("Bearer new-one"));

    assertEquals("acct-1", assertInstanceOf(Decision.Allow.class, known).principal().accountId());
    assertEquals(401, challenge(unknown).status());
    assertEquals(1, resolverCalls.get());
  }

  @Test
  void decideWhenInvalidThenInvalidTokenWithReason() {
    Decision.Challenge challenge = challenge(gate().build().decide(request("Bearer expired")));

    assertEquals(401, challenge.status());
    assertEquals(
        "Bearer error=\"invalid_token\", error_description=\"The access token has expired\", "
            + "scope=\"mcp\", resource_metadata=\""
            + METADATA_URL
            + "\"",
        challenge.wwwAuthenticate());
  }

  @Test
  void decideWhenNoResolverClaimsThenInvalidToken() {
    Decision.Challenge challenge = challenge(gate().build().decide(request("Bearer other")));

    assertEquals(401, challenge.status());
    assertEquals("invalid_token", challenge.error());
  }

  @Test
  void decideWhenResolverUnavailableThenUnavailableWithDefaultRetryAfter() {
    Decision decision =
        gate().retryAfter(Duration.ofSeconds(7)).build().decide(request("Bearer down"));

    Decision.Unavailable unavailable = assertInstanceOf(Decision.Unavailable.class, decision);
    assertEquals(7, unavailable.retryAfterSeconds());
    assertEquals("jwks", unavailable.dependency());
  }

  @Test
  void decideWhenResolverGivesRetryHintThenHintUsed() {
    Decision decision = gate().build().decide(request("Bearer slow-down"));

    assertEquals(30, assertInstanceOf(Decision.Unavailable.class, decision).retryAfterSeconds());
  }

  @Test
  void decideWhenResolverThrowsThenUnavailableNeverAllow() {
    assertInstanceOf(Decision.Unavailable.class, gate().build().decide(request("Bearer boom")));
  }

  @Test
  void decideWhenScopePolicyThrowsThenUnavailableNeverAllow() {
    ScopePolicy broken =
        request -> {
          throw new IllegalStateException("policy bug");
        };

    Decision decision =
        Tollgate.builder()
            .resource(RESOURCE)
            .scopePolicy(broken)
            .resolver(resolver)
            .build()
            .decide(request("Bearer good"));

    assertEquals(
        "scope-policy", assertInstanceOf(Decision.Unavailable.class, decision).dependency());
  }

  @Test
  void decideWhenRevokedThenInvalidToken() {
    Tollgate gate = gate().revocationCheck(p -> p.clientId().equals("client-a")).build();

    Decision.Challenge challenge = challenge(gate.decide(request("Bearer good")));

    assertEquals(401, challenge.status());
    assertTrue(challenge.wwwAuthenticate().contains("The credential has been revoked"));
  }

  @Test
  void decideWhenRevocationRegistryDownThenUnavailable() {
    Tollgate gate =
        gate()
            .revocationCheck(
                p -> {
                  throw new DependencyUnavailableException("revocation-registry", null);
                })
            .build();

    Decision decision = gate.decide(request("Bearer good"));

    assertEquals(
        "revocation-registry", assertInstanceOf(Decision.Unavailable.class, decision).dependency());
  }

  @Test
  void decideWhenNotEntitledThenForbiddenWithoutChallenge() {
    Tollgate gate =
        gate()
            .entitlementPolicy(
                (p, r) ->
                    p.accountId().equals("acct-free")
                        ? Entitlement.refused(
                            "Buy credits", URI.create("https://example.com/upgrade"))
                        : Entitlement.granted())
            .build();

    Decision.Challenge challenge = challenge(gate.decide(request("Bearer free")));

    assertEquals(403, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertEquals("entitlement_required", challenge.error());
    assertInstanceOf(Decision.Allow.class, gate.decide(request("Bearer good")));
  }

  @Test
  void decideWhenEntitlementStoreDownThenUnavailable() {
    Tollgate gate =
        gate()
            .entitlementPolicy(
                (p, r) -> {
                  throw new DependencyUnavailableException(
                      "account-store", Duration.ofSeconds(12), null);
                })
            .build();

    Decision decision = gate.decide(request("Bearer good"));

    assertEquals(12, assertInstanceOf(Decision.Unavailable.class, decision).retryAfterSeconds());
  }

  @Test
  void decideWhenScopeMissingThenInsufficientScope() {
    Decision.Challenge challenge = challenge(gate().build().decide(request("Bearer narrow")));

    assertEquals(403, challenge.status());
    assertTrue(challenge.wwwAuthenticate().startsWith("Bearer error=\"insufficient_scope\""));
    assertTrue(challenge.wwwAuthenticate().contains("scope=\"mcp\""));
  }

  @Test
  void decideWhenAllChecksPassThenAllowWithPrincipal() {
    Decision decision = gate().build().decide(request("Bearer good"));

    Decision.Allow allow = assertInstanceOf(Decision.Allow.class, decision);
    assertEquals("acct-1", allow.principal().accountId());
    assertEquals(1, resolverCalls.get());
  }

  @Test
  void metadataWhenBuiltThenResourceFromConfigurationAndWellKnownPaths() {
    Tollgate gate = gate().build();

    assertEquals(URI.create(METADATA_URL), gate.resourceMetadataUrl());
    assertEquals(
        List.of(
            "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"),
        gate.metadataPaths());
    assertTrue(gate.metadataJson().contains("\"resource\":\"https://mcp.example.com/mcp\""));
    assertTrue(gate.metadataJson().contains("\"scopes_supported\":[\"mcp\"]"));
  }

  @Test
  void buildWhenResourceMissingThenNamesTheSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Tollgate.builder().resolver(resolver).build());
    assertTrue(e.getMessage().contains("resource"));
  }

  @Test
  void buildWhenNoResolverThenFailsFast() {
    assertThrows(IllegalStateException.class, () -> Tollgate.builder().resource(RESOURCE).build());
  }

  @Test
  void resourceWhenSetTwiceThenSaysWhatWasSet() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> gate().resource(RESOURCE));
    assertTrue(e.getMessage().contains("https://mcp.example.com/mcp"));
  }

  @Test
  void credentialWhenPrintedThenValueRedacted() {
    Credential credential = Credential.of("secret-value");

    assertEquals("Credential[redacted]", credential.toString());
    assertEquals(64, credential.sha256Hex().length());
  }

  private static TollgatePrincipal principal(String account, String client, Set<String> scopes) {
    return TollgatePrincipal.builder(account)
        .clientId(client)
        .scopes(scopes)
        .issuedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  private static RequestView request(String... authorization) {
    return RequestView.of(
        "POST",
        "/mcp",
        authorization.length == 0 ? Map.of() : Map.of("Authorization", List.of(authorization)),
        null);
  }

  private static Decision.Challenge challenge(Decision decision) {
    return assertInstanceOf(Decision.Challenge.class, decision);
  }
}
