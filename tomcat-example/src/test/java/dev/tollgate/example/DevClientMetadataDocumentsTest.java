package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client ID Metadata Documents are fetched only where allowed, within bounds, and must name
 * themselves.
 */
class DevClientMetadataDocumentsTest {
  private HttpServer server;
  private String base;
  private volatile String body = "";

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @ParameterizedTest
  @CsvSource({
    "https://app.example.com/client.json, true",
    "http://127.0.0.1:8000/client.json, true",
    "http://localhost/c, true",
    "http://app.example.com/client.json, false",
    "https://app.example.com/, false",
    "https://app.example.com, false",
    "https://user@app.example.com/c, false",
    "https://app.example.com/c#x, false",
    "demo-pro, false",
  })
  void isDocumentUrlWhenUrlThenOnlyHttpsOrLoopbackWithAPath(String url, boolean expected) {
    assertEquals(expected, DevClientMetadataDocuments.isDocumentUrl(url));
  }

  @Test
  void fetchWhenDocumentNamesItselfThenItsRedirectUris() {
    String url = base + "/client.json";
    body =
        "{\"client_id\":\""
            + url
            + "\",\"client_name\":\"App\",\"redirect_uris\":[\"http://127.0.0.1:7/cb\"]}";

    DevClientMetadataDocuments.Document document = new DevClientMetadataDocuments().fetch(url);

    assertEquals(List.of("http://127.0.0.1:7/cb"), document.redirectUris());
    assertEquals("App", document.clientName());
  }

  @Test
  void fetchWhenClientIdIsAnotherUrlThenRefused() {
    body =
        "{\"client_id\":\"https://other.example.com/client.json\",\"redirect_uris\":[\"http://127.0.0.1:7/cb\"]}";

    assertNull(new DevClientMetadataDocuments().fetch(base + "/client.json"));
  }

  @Test
  void fetchWhenConfidentialClientThenRefused() {
    String url = base + "/client.json";
    body =
        "{\"client_id\":\""
            + url
            + "\",\"redirect_uris\":[\"http://127.0.0.1:7/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}";

    assertNull(new DevClientMetadataDocuments().fetch(url));
  }

  @Test
  void fetchWhenLargerThanTheLimitThenRefused() {
    String url = base + "/client.json";
    body =
        "{\"client_id\":\""
            + url
            + "\",\"redirect_uris\":[\"http://127.0.0.1:7/cb\"],\"x\":\""
            + "a".repeat(DevClientMetadataDocuments.MAX_BYTES)
            + "\"}";

    assertNull(new DevClientMetadataDocuments().fetch(url));
  }
}
