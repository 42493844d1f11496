package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.scope.McpScopePolicy;
import dev.tollgate.testsupport.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Path scope rules over real HTTP, whatever the spelling of the path: {@code always("mcp")} and
 * {@code path("/mcp/admin", "mcp:admin")}, a token with only {@code mcp}, the filter and a servlet
 * mapped to {@code /mcp/*}, once in the root context and once under {@code /app}. Requests are
 * written by hand, so the path goes out exactly as spelled. Whatever the answer, a request without
 * {@code mcp:admin} must never reach the servlet at {@code /mcp/admin} or below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PathRuleContract {
  static final String ADMIN_PATH = "/mcp/admin";
  static final String CONTEXT = "/app";
  private static final String USER = FixedTokenResolver.GOOD;
  private static final String ADMIN = "admin-token";

  final RoutedPathServlet rootServlet = new RoutedPathServlet();
  final RoutedPathServlet appServlet = new RoutedPathServlet();

  /** Starts the container with the root and {@link #CONTEXT} applications; returns its port. */
  abstract int start() throws Exception;

  abstract void stop() throws Exception;

  private int port;

  @BeforeAll
  void startServer() throws Exception {
    port = start();
  }

  @AfterAll
  void stopServer() throws Exception {
    stop();
  }

  @BeforeEach
  void reset() {
    rootServlet.reached.clear();
    appServlet.reached.clear();
  }

  static Tollgate gate(URI resource) {
    CredentialResolver fixed = new FixedTokenResolver();
    TollgatePrincipal admin =
        TollgatePrincipal.builder("acct-admin").scopes(Set.of("mcp", "mcp:admin")).build();
    return Tollgate.builder()
        .resource(resource)
        .resolver(
            credential ->
                ADMIN.equals(credential.value())
                    ? Resolution.resolved(admin)
                    : fixed.resolve(credential))
        .scopePolicy(McpScopePolicy.builder().always("mcp").path(ADMIN_PATH, "mcp:admin").build())
        .build();
  }

  /** Spellings of the ruled path (and its neighbours), each with the status a user token gets. */
  static Stream<Arguments> spellings() {
    return Stream.of(
        Arguments.of("/mcp/admin", 403),
        Arguments.of("/mcp/admin/", 403),
        Arguments.of("/mcp/admin/users", 403),
        Arguments.of("/mcp/admin?next=/mcp/tools", 403),
        Arguments.of("/mcp/%61dmin", 400),
        Arguments.of("/mcp/%41dmin", 400),
        Arguments.of("/%6Dcp/admin", 400),
        Arguments.of("/mcp/admin;x=1", 400),
        Arguments.of("/mcp;x=1/admin", 400),
        Arguments.of("/mcp;/admin", 400),
        Arguments.of("/mcp/admin;jsessionid=ABC/users", 400),
        Arguments.of("/mcp//admin", 400),
        Arguments.of("/mcp/admin//users", 400),
        Arguments.of("/mcp/./admin", 400),
        Arguments.of("/mcp/foo/../admin", 400),
        Arguments.of("/mcp/foo/%2e%2e/admin", 400),
        Arguments.of("/mcp/foo/%2E%2E/admin", 400),
        Arguments.of("/mcp/%2e/admin", 400),
        Arguments.of("/mcp%2Fadmin", 400),
        Arguments.of("/mcp/x%2F..%2Fadmin", 400),
        Arguments.of("/mcp/%2561dmin", 400),
        Arguments.of("/mcp/admin%3Bx=1", 400),
        Arguments.of("/mcp/x%5C..%5Cadmin", 400));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("spellings")
  void requestWhenRootPathSpelledAnyWayThenRuleHoldsAndServletNotReached(String path, int expected)
      throws IOException {
    RawHttp.Response response = get(path, USER);

    assertEquals(expected, response.status(), path);
    assertEquals(Set.of(), Set.copyOf(rootServlet.reached), path);
  }

  @ParameterizedTest(name = "[{index}] /app{0} -> {1}")
  @MethodSource("spellings")
  void requestWhenContextPathSpelledAnyWayThenRuleIsContextRelativeAndServletNotReached(
      String path, int expected) throws IOException {
    RawHttp.Response response = get(CONTEXT + path, USER);

    assertEquals(expected, response.status(), path);
    assertEquals(Set.of(), Set.copyOf(appServlet.reached), path);
  }

  /** Containers refuse some spellings themselves; the servlet must not be reached either way. */
  static Stream<Arguments> containerRefused() {
    return Stream.of(
        Arguments.of("/mcp\\admin"), Arguments.of("/mcp/%00admin"), Arguments.of("/mcp/admin%00"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("containerRefused")
  void requestWhenPathHasBackslashOrNulThenRefusedAndServletNotReached(String path)
      throws IOException {
    RawHttp.Response response = get(path, USER);

    assertTrue(
        response.status() >= 400 && response.status() < 500, path + " -> " + response.status());
    assertEquals(Set.of(), Set.copyOf(rootServlet.reached), path);
  }

  static Stream<Arguments> elsewhere() {
    return Stream.of(
        // Whole segments: the rule does not cover a longer name.
        Arguments.of("/mcp/administrator", "/mcp/administrator"),
        Arguments.of("/mcp/tools", "/mcp/tools"),
        Arguments.of("/mcp", "/mcp"),
        // Rules and servlet mappings are case-sensitive alike: another resource, not the ruled one.
        Arguments.of("/mcp/ADMIN", "/mcp/ADMIN"),
        Arguments.of("/mcp/caf%C3%A9", "/mcp/caf\u00e9"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("elsewhere")
  void requestWhenPathOutsideRuleThenAllowedAndServletSeesThatPath(String path, String routed)
      throws IOException {
    RawHttp.Response response = get(path, USER);

    assertEquals(200, response.status(), path);
    assertEquals(routed, response.body());
    assertEquals(java.util.List.of(routed), rootServlet.reached);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"/mcp/admin", "/mcp/admin/users", "/app/mcp/admin"})
  void requestWhenTokenHasPathScopeThenAllowed(String path) throws IOException {
    assertEquals(200, get(path, ADMIN).status(), path);
  }

  @org.junit.jupiter.api.Test
  void requestWhenCaseVariantOfMappedPathThenNeitherFilterNorServletServesIt() throws IOException {
    RawHttp.Response response = get("/MCP/admin", USER);

    assertEquals(404, response.status());
    assertEquals(Set.of(), Set.copyOf(rootServlet.reached));
  }

  private RawHttp.Response get(String path, String token) throws IOException {
    return RawHttp.send(
        port,
        "GET " + path + " HTTP/1.1",
        "Host: 127.0.0.1:" + port,
        "Authorization: Bearer " + token);
  }
}
