package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.scope.McpScopePolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which raw paths are in normal form, and what the gate does with the others. */
class PathNormalFormTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/ | true",
        "/mcp | true",
        "/mcp/admin | true",
        "/mcp/admin/ | true",
        "/app/mcp/admin/users | true",
        "/mcp/caf%C3%A9 | true",
        "/mcp/a%20b | true",
        "/mcp/a%3Fb | true",
        "/mcp/..a/b. | true",
        "/mcp/%61dmin | false",
        "/mcp/%41dmin | false",
        "/mcp/admi%6E | false",
        "/mcp/%2e%2e/admin | false",
        "/mcp/%2E/admin | false",
        "/mcp%2Fadmin | false",
        "/mcp%2fadmin | false",
        "/mcp/%5Cadmin | false",
        "/mcp/%3Bx/admin | false",
        "/mcp/%2561dmin | false",
        "/mcp/%7Eadmin | false",
        "/mcp/%00admin | false",
        "/mcp/% | false",
        "/mcp/%6 | false",
        "/mcp/%zzadmin | false",
        "/mcp/admin;x=1 | false",
        "/mcp;x=1/admin | false",
        "/mcp/admin; | false",
        "/mcp//admin | false",
        "//mcp/admin | false",
        "/mcp/admin// | false",
        "/mcp/./admin | false",
        "/mcp/foo/../admin | false",
        "/mcp/admin/. | false",
        "/mcp/admin/.. | false",
        "/mcp\\admin | false",
        "mcp/admin | false",
        "'' | false"
      })
  void isNormalWhenRawPathThenOnlyTheOneSpellingPasses(String path, boolean expected) {
    assertEquals(expected, PathNormalForm.isNormal(path), path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/mcp/%61dmin",
        "/mcp/admin;x=1",
        "/mcp//admin",
        "/mcp/./admin",
        "/mcp/foo/../admin"
      })
  void decideWhenPathRuleAndPathNotNormalThen400WithoutChallengeBeforeCredential(String path) {
    Tollgate gate =
        gate(McpScopePolicy.builder().always("mcp").path("/mcp/admin", "mcp:admin").build());

    Decision.Challenge challenge =
        assertInstanceOf(Decision.Challenge.class, gate.decide(request(path, null)));

    assertEquals(400, challenge.status());
    assertEquals("invalid_request", challenge.error());
    assertNull(challenge.wwwAuthenticate());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mcp/%61dmin", "/mcp//admin"})
  void decideWhenNoPathRuleThenRawPathNotJudged(String path) {
    Tollgate gate =
        gate(McpScopePolicy.builder().always("mcp").method("tools/list", "mcp").build());

    assertInstanceOf(Decision.Allow.class, gate.decide(request(path, "Bearer t")));
  }

  @ParameterizedTest
  @CsvSource({
    "/mcp/admin, 403",
    "/mcp/admin/, 403",
    "/mcp/admin/x, 403",
    "/mcp/administrator, 200",
    "/mcp, 200"
  })
  void decideWhenPathRuleThenMatchedByWholeSegments(String path, int expected) {
    Tollgate gate =
        gate(McpScopePolicy.builder().always("mcp").path("/mcp/admin", "mcp:admin").build());

    Decision decision = gate.decide(request(path, "Bearer t"));

    assertEquals(expected, decision instanceof Decision.Challenge c ? c.status() : 200, path);
  }

  private static Tollgate gate(McpScopePolicy scopes) {
    return Tollgate.builder()
        .resource(URI.create("https://mcp.example.com/mcp"))
        .resolver(
            credential ->
                Resolution.resolved(TollgatePrincipal.builder("a").scopes(Set.of("mcp")).build()))
        .scopePolicy(scopes)
        .build();
  }

  private static RequestView request(String path, String authorization) {
    return RequestView.of(
        "GET",
        path,
        authorization == null ? Map.of() : Map.of("Authorization", List.of(authorization)),
        null);
  }
}
