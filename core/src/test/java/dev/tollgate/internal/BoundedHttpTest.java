package dev.tollgate.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.testsupport.StubHttpServer;
import dev.tollgate.testsupport.StubHttpServer.Mode;
import dev.tollgate.testsupport.StubHttpServer.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BoundedHttpTest {
  static final Duration PATIENT = Duration.ofSeconds(15);

  private final HttpClient client = BoundedHttp.defaultClient(PATIENT);
  private StubHttpServer server;

  @BeforeEach
  void start() {
    server = StubHttpServer.start(request -> Reply.json(200, "x".repeat(1000)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpRequest get() {
    return HttpRequest.newBuilder(server.uri("/")).timeout(PATIENT).build();
  }

  @Test
  void sendWhenBodyExactlyAtCapThenReturned() throws Exception {
    HttpResponse<byte[]> response = BoundedHttp.send(client, get(), PATIENT, 1000);

    assertEquals(200, response.statusCode());
    assertArrayEquals("x".repeat(1000).getBytes(StandardCharsets.UTF_8), response.body());
  }

  @Test
  void sendWhenBodyOneByteOverCapThenTooLarge() {
    assertThrows(
        BoundedHttp.ResponseTooLargeException.class,
        () -> BoundedHttp.send(client, get(), PATIENT, 999));
  }

  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"OVERSIZED", "OVERSIZED_CHUNKED"})
  void sendWhenBodyOverCapWithOrWithoutLengthThenTooLarge(Mode mode) {
    server.mode(mode);

    assertThrows(
        BoundedHttp.ResponseTooLargeException.class,
        () -> BoundedHttp.send(client, get(), PATIENT, 64 * 1024));
  }

  @Test
  void sendWhenNoAnswerWithinDeadlineThenTimeout() {
    server.mode(Mode.SLOW);

    assertThrows(
        HttpTimeoutException.class,
        () -> BoundedHttp.send(client, get(), Duration.ofMillis(250), 1000));
  }

  @Test
  void sendWhenServerRedirectsThenRedirectNotFollowed() throws Exception {
    server.mode(Mode.REDIRECT);

    assertEquals(302, BoundedHttp.send(client, get(), PATIENT, 1000).statusCode());
    assertEquals(1, server.requestCount());
  }
}
