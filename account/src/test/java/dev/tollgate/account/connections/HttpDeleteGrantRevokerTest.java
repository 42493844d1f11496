package dev.tollgate.account.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testsupport.StubHttpServer;
import dev.tollgate.testsupport.StubHttpServer.Mode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpDeleteGrantRevokerTest {
  private static final GrantRevoker.Disconnection DISCONNECTION =
      new GrantRevoker.Disconnection("acct-1", "user 1/ä", "mcp-app");

  private final StubHttpServer server =
      StubHttpServer.start(request -> new StubHttpServer.Reply(204, "", Map.of()));

  @AfterEach
  void stop() {
    server.close();
  }

  private String template() {
    return server.uri("/").toString() + "admin/realms/r/users/{subject}/consents/{client}";
  }

  @Test
  void revokeWhenServerConfirmsThenOneDeleteOfTheExpandedUrlWithTheToken() throws Exception {
    GrantRevoker revoker =
        GrantRevoker.httpDelete(template()).bearerToken(() -> "admin-token").build();

    revoker.revoke(DISCONNECTION);

    assertEquals(1, server.requestCount());
    StubHttpServer.Request request = server.lastRequest();
    assertEquals("DELETE", request.method());
    assertEquals("/admin/realms/r/users/user%201%2F%C3%A4/consents/mcp-app", rawPath(request));
    assertEquals("Bearer admin-token", request.header("Authorization"));
  }

  @Test
  void revokeWhenNoTokenConfiguredThenNoAuthorizationHeader() throws Exception {
    GrantRevoker.httpDelete(template()).build().revoke(DISCONNECTION);

    assertNull(server.lastRequest().header("Authorization"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"REFUSED", "STATUS_500", "STATUS_401", "STATUS_404", "REDIRECT", "DISCONNECT"})
  void revokeWhenServerDoesNotConfirmThenIOExceptionWithoutTheToken(Mode mode) {
    server.mode(mode);
    GrantRevoker revoker =
        GrantRevoker.httpDelete(template())
            .bearerToken(() -> "admin-token")
            .timeout(Duration.ofSeconds(10))
            .build();

    IOException e = assertThrows(IOException.class, () -> revoker.revoke(DISCONNECTION));
    assertFalse(String.valueOf(e.getMessage()).contains("admin-token"));
  }

  @Test
  void revokeWhenServerNeverAnswersThenIOExceptionAfterTheTimeout() {
    server.mode(Mode.SLOW);
    GrantRevoker revoker =
        GrantRevoker.httpDelete(template()).timeout(Duration.ofMillis(300)).build();

    assertThrows(IOException.class, () -> revoker.revoke(DISCONNECTION));
  }

  @Test
  void httpDeleteWhenTemplateHasNoClientOrIsNotAbsoluteHttpThenRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> GrantRevoker.httpDelete("https://as.example.com/users/{subject}/grants"));
    assertThrows(
        IllegalArgumentException.class, () -> GrantRevoker.httpDelete("/users/{subject}/{client}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> GrantRevoker.httpDelete("ftp://as.example.com/{client}"));
  }

  @Test
  void timeoutWhenSetTwiceThenRejected() {
    HttpDeleteGrantRevoker.Builder builder =
        GrantRevoker.httpDelete(template()).timeout(Duration.ofSeconds(1));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.timeout(Duration.ofSeconds(2)));
    assertTrue(e.getMessage().startsWith("timeout"));
  }

  private static String rawPath(StubHttpServer.Request request) {
    return request.path();
  }
}
