package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testsupport.Http;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body replay on Jetty 12 (ee10): blocking, reader, streaming and non-blocking reads. */
class McpAwareFilterJettyTest {
  private static Server server;
  private static URI base;

  @BeforeAll
  static void startJetty() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

    FilterHolder filter =
        new FilterHolder(new TollgateFilter(McpAwareFilterTest.gate(base.resolve("/mcp"), true)));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    add(context, new BodyEchoServlet(), "/mcp");
    add(context, new StreamingBodyServlet(), "/stream");
    add(context, new ReadListenerServlet(), "/nonblocking");
  }

  private static void add(ServletContextHandler context, HttpServlet servlet, String path) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
  }

  @AfterAll
  static void stopJetty() throws Exception {
    server.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream", "reader"})
  void postWhenBodyReadThenServletReceivesExactBody(String echo) {
    byte[] sent = McpAwareFilterTest.CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = post("/mcp", sent, echo);

    assertEquals(200, response.statusCode());
    assertArrayEquals(sent, response.body());
    assertEquals(
        Integer.toString(sent.length),
        response.headers().firstValue("X-Content-Length").orElse(""));
  }

  @Test
  void postWhenBodyReadThenAsyncServletStreamsEvents() {
    byte[] sent = McpAwareFilterTest.CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = post("/stream", sent, "stream");

    assertEquals(200, response.statusCode());
    String events = new String(response.body(), StandardCharsets.UTF_8);
    assertTrue(events.startsWith("event: message\ndata: read " + sent.length + " bytes"), events);
    assertTrue(events.endsWith("data: " + McpAwareFilterTest.CHARGE + "\n\n"), events);
  }

  @Test
  void postWhenBodyReadThenReadListenerReceivesExactBytes() {
    byte[] sent = McpAwareFilterTest.CHARGE.getBytes(StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = post("/nonblocking", sent, "stream");

    assertEquals(200, response.statusCode());
    assertArrayEquals(sent, response.body());
  }

  @Test
  void postWhenBatchThen400() {
    HttpResponse<byte[]> response =
        post(
            "/mcp",
            ("[" + McpAwareFilterTest.CHARGE + "]").getBytes(StandardCharsets.UTF_8),
            "stream");

    assertEquals(400, response.statusCode());
  }

  private static HttpResponse<byte[]> post(String path, byte[] body, String echo) {
    HttpRequest request =
        Http.request(base.resolve(path), McpAwareFilterTest.WRITER)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("X-Echo", echo)
            .build();
    try {
      return Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
