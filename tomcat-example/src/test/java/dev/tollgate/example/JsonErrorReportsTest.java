package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tomcat's own error answers in the example: small JSON, no report, no server version. */
class JsonErrorReportsTest {
  private static final ExampleHttp http = new ExampleHttp();
  private static ExampleServer server;

  @BeforeAll
  static void start() {
    server = ExampleServer.start(ExampleConfig.ephemeral());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/nothing", "/favicon.ico", "/.well-known/other", "/mcp/deeper"})
  void getWhenNothingServedThen404AsCleanJson(String path) throws Exception {
    HttpResponse<String> response =
        http.get(URI.create("http://localhost:" + server.port() + path));

    assertEquals(404, response.statusCode(), response.body());
    assertEquals("not_found", CleanErrors.assertClean(response.body()).get("error").asText());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET /% HTTP/1.1|400",
        "GET /mcp/%zz HTTP/1.1|400",
        "GET /../../etc/passwd HTTP/1.1|400",
      })
  void requestWhenTomcatRefusesItThenCleanJson(String requestLine, int status) throws Exception {
    String response =
        raw(requestLine + "\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 " + status), response);
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    CleanErrors.assertClean(body);
  }

  @ParameterizedTest(name = "header of {0} bytes")
  @ValueSource(ints = {20_000, 100_000})
  void requestWhenHeaderTooLargeThenCleanJson(int size) throws Exception {
    String response =
        raw(
            "GET /mcp HTTP/1.1\r\nHost: localhost:"
                + server.port()
                + "\r\nX-Big: "
                + "a".repeat(size)
                + "\r\nConnection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    CleanErrors.assertClean(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout((int) ExampleHttp.TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
