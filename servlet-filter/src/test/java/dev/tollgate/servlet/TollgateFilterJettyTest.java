package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testsupport.RawHttp;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same filter on Jetty 12 (ee10), for the cases where containers differ most. */
class TollgateFilterJettyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static Server server;
  private static int port;
  private static URI resource;
  private static McpServlet mcp;

  @BeforeAll
  static void startJetty() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    server.setHandler(contexts);
    server.start();
    // The port is known only now; the resource, and so the gate, depend on it.
    port = connector.getLocalPort();
    resource = URI.create("http://127.0.0.1:" + port + "/mcp");

    mcp = new McpServlet();
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter = new FilterHolder(new TollgateFilter(TollgateFilterTest.gate(resource)));
    filter.setAsyncSupported(true);
    for (String path : new String[] {"/mcp", "/sse", "/.well-known/oauth-protected-resource/*"}) {
      context.addFilter(filter, path, EnumSet.of(DispatcherType.REQUEST));
    }
    ServletHolder mcpHolder = new ServletHolder(mcp);
    mcpHolder.setAsyncSupported(true);
    context.addServlet(mcpHolder, "/mcp");
    ServletHolder sse = new ServletHolder(new SseServlet());
    sse.setAsyncSupported(true);
    context.addServlet(sse, "/sse");
    context.addServlet(new ServletHolder(new NotFoundServlet()), "/");
    contexts.addHandler(context);
    if (!context.isStarted()) {
      context.start();
    }
  }

  @AfterAll
  static void stopJetty() throws Exception {
    server.stop();
  }

  @BeforeEach
  void resetCounter() {
    mcp.reached.set(0);
  }

  @Test
  void doFilterWhenNoCredentialThen401WithResourceMetadata() throws Exception {
    HttpResponse<String> response = get("/mcp", null);

    assertEquals(401, response.statusCode());
    assertEquals(
        "Bearer scope=\"mcp\", resource_metadata=\"http://127.0.0.1:"
            + port
            + "/.well-known/oauth-protected-resource/mcp\"",
        response.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals("missing_credential", JSON.readTree(response.body()).get("error").asText());
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenTwoAuthorizationLinesThenInvalidRequest() throws Exception {
    RawHttp.Response response =
        RawHttp.send(
            port,
            "GET /mcp HTTP/1.1",
            "Host: 127.0.0.1:" + port,
            "Authorization: Bearer " + FixedTokenResolver.GOOD,
            "Authorization: Bearer " + FixedTokenResolver.GOOD);

    assertEquals(400, response.status());
    assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_request\""));
    assertEquals(0, mcp.reached.get());
  }

  @Test
  void doFilterWhenAllowedThenServletSeesPrincipal() throws Exception {
    HttpResponse<String> response = get("/mcp", "Bearer " + FixedTokenResolver.GOOD);

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("principalName=user-1\n"), response.body());
    assertTrue(response.body().contains("authType=Bearer\n"), response.body());
    assertTrue(response.body().contains("inRole.mcp=true\n"), response.body());
    assertTrue(response.body().contains("accessor.samePrincipal=true\n"), response.body());
    assertEquals(1, mcp.reached.get());
  }

  @Test
  void doFilterWhenAsyncSseServletThenEventWritten() throws Exception {
    HttpResponse<String> response = get("/sse", "Bearer " + FixedTokenResolver.GOOD);

    assertEquals(200, response.statusCode());
    assertEquals("event: message\ndata: hello user-1 otherThread=true\n\n", response.body());
  }

  @Test
  void doFilterWhenMetadataRequestedThenDocument() throws Exception {
    HttpResponse<String> response = get("/.well-known/oauth-protected-resource/mcp", null);

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(resource.toString(), JSON.readTree(response.body()).get("resource").asText());
  }

  private static HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
