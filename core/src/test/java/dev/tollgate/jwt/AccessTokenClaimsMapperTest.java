package dev.tollgate.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.TollgatePrincipal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenClaimsMapperTest {
  private final String issuer = new String(TestTokens.ISSUER.toCharArray());
  private final String audience = new String(TestTokens.AUDIENCE.toCharArray());
  private final AccessTokenClaimsMapper mapper =
      new AccessTokenClaimsMapper("sub", issuer, audience);

  @Test
  void toPrincipalWhenTwoTokensHaveTheSameScopeThenOneSetIsShared() throws Exception {
    TollgatePrincipal first = mapper.toPrincipal(claims("alice", "mcp profile"));
    TollgatePrincipal second =
        mapper.toPrincipal(claims("bob", new String("mcp profile".toCharArray())));

    assertEquals(Set.of("mcp", "profile"), first.scopes());
    assertSame(first.scopes(), second.scopes());
  }

  @Test
  void toPrincipalWhenIssuerAndAudienceAreTheConfiguredOnesThenConfiguredInstancesAreKept()
      throws Exception {
    TollgatePrincipal principal = mapper.toPrincipal(claims("alice", "mcp"));

    assertSame(issuer, principal.attributes().get("iss"));
    assertEquals(List.of(audience), principal.attributes().get("aud"));
    assertSame(
        principal.attributes().get("aud"),
        mapper.toPrincipal(claims("bob", "mcp")).attributes().get("aud"));
  }

  @Test
  void toPrincipalWhenTwoTokensOfOneClientThenClientIdShared() throws Exception {
    TollgatePrincipal first =
        mapper.toPrincipal(
            new JWTClaimsSet.Builder(claims("alice", "mcp"))
                .claim("client_id", new String("app".toCharArray()))
                .build());
    TollgatePrincipal second =
        mapper.toPrincipal(
            new JWTClaimsSet.Builder(claims("bob", "mcp"))
                .claim("client_id", new String("app".toCharArray()))
                .build());

    assertEquals("app", first.clientId());
    assertSame(first.clientId(), second.clientId());
  }

  @Test
  void toPrincipalWhenMoreScopeStringsThanSharedThenEachStillParsed() throws Exception {
    for (int i = 0; i < ScopeClaims.MAX_SHARED_SCOPE_SETS + 10; i++) {
      assertEquals(
          Set.of("mcp", "s" + i), mapper.toPrincipal(claims("alice", "mcp s" + i)).scopes());
    }
  }

  @Test
  void toPrincipalWhenAttributeClaimsNamedThenOnlyThoseKept() throws Exception {
    AccessTokenClaimsMapper lean =
        new AccessTokenClaimsMapper("sub", issuer, audience, Set.of("plan", "tenant"));
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", "mcp"))
            .claim("plan", "pro")
            .claim("email", "alice@example.com")
            .claim("profile", "x".repeat(500))
            .build();

    TollgatePrincipal principal = lean.toPrincipal(claims);

    assertEquals(java.util.Map.of("plan", "pro"), principal.attributes());
    assertEquals(Set.of("mcp"), principal.scopes());
    assertEquals("alice", principal.subject());
  }

  @Test
  void toPrincipalWhenAuthTimeThenPrincipalCarriesItAndNotAsAttribute() throws Exception {
    TollgatePrincipal principal =
        mapper.toPrincipal(
            new JWTClaimsSet.Builder(claims("alice", "mcp"))
                .claim("auth_time", TestTokens.NOW.getEpochSecond() - 600)
                .build());

    assertEquals(TestTokens.NOW.minusSeconds(600), principal.authTime());
    assertFalse(principal.attributes().containsKey("auth_time"));
    assertNull(mapper.toPrincipal(claims("alice", "mcp")).authTime());
  }

  @Test
  void toPrincipalWhenAuthTimeNotANumberThenMalformed() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", "mcp")).claim("auth_time", "yesterday").build();

    TokenRejectedException e =
        assertThrows(TokenRejectedException.class, () -> mapper.toPrincipal(claims));
    assertEquals(RejectReason.MALFORMED, e.reason());
  }

  private static JWTClaimsSet claims(String subject, String scope) {
    return TestTokens.claims(TestTokens.NOW)
        .issuer(new String(TestTokens.ISSUER.toCharArray()))
        .audience(new String(TestTokens.AUDIENCE.toCharArray()))
        .subject(subject)
        .claim("scope", scope)
        .build();
  }
}
