package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.servlet.TollgateFilter;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server-to-client request round trip through the filter: a tool asks the client for input
 * (elicitation), and the SDK client POSTs its JSON-RPC response, a message with no method, to the
 * same endpoint. The gate runs the example's scope rules (a tool rule, so every POST body is read)
 * and must let that response through on the scopes every request needs.
 */
class ElicitationThroughGateTest {
  private static final String TOKEN = "elicitation-test-token";
  private static final String CONFIRM = "confirm_order";

  private static final List<String> elicited = new CopyOnWriteArrayList<>();
  private static Tomcat tomcat;
  private static McpSyncServer mcpServer;
  private static String baseUrl;

  @BeforeAll
  static void start() throws LifecycleException, IOException {
    tomcat = new Tomcat();
    Path base = Files.createTempDirectory("tollgate-elicitation");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Files.createDirectories(base.resolve("webapps"));
    tomcat.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort();

    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    mcpServer =
        McpServer.sync(transport)
            .serverInfo("elicitation-test", "1")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .requestTimeout(Duration.ofSeconds(10))
            .tools(confirmTool())
            .build();

    Tollgate gate =
        Tollgate.builder()
            .resource(java.net.URI.create(baseUrl + "/mcp"))
            .resolver(
                credential ->
                    TOKEN.equals(credential.value())
                        ? Resolution.resolved(
                            TollgatePrincipal.builder("acct-1")
                                .scopes(Set.of(ExampleBackend.SCOPE_MCP))
                                .build())
                        : Resolution.invalid("The access token is invalid"))
            .scopePolicy(ExampleBackend.scopePolicy(Set.of(), Map.of(), Map.of()))
            .build();

    // Set up before it is added to the running host, which starts it with the filter in place.
    StandardContext context = new StandardContext();
    context.setName("");
    context.setPath("");
    context.addLifecycleListener(new Tomcat.FixContextListener());
    FilterDef filter = new FilterDef();
    filter.setFilterName("tollgate");
    filter.setFilter(new TollgateFilter(gate));
    filter.setFilterClass(TollgateFilter.class.getName());
    filter.setAsyncSupported("true");
    context.addFilterDef(filter);
    FilterMap map = new FilterMap();
    map.setFilterName("tollgate");
    map.addURLPattern("/mcp");
    context.addFilterMap(map);
    Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServletMapping("/mcp", "mcp");
    tomcat.getHost().addChild(context);
  }

  /** A tool that asks the client to confirm, and reports what the client answered. */
  private static SyncToolSpecification confirmTool() {
    Map<String, Object> answerSchema =
        Map.of("type", "object", "properties", Map.of("confirmed", Map.of("type", "boolean")));
    return SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder()
                .name(CONFIRM)
                .description("Asks the user to confirm an order.")
                .inputSchema(Map.of("type", "object", "properties", Map.of()))
                .build())
        .callHandler(
            (exchange, request) -> {
              ElicitResult answer =
                  exchange.createElicitation(
                      McpSchema.ElicitRequest.builder()
                          .message("Confirm the order?")
                          .requestedSchema(answerSchema)
                          .build());
              String text = answer.action() + " " + answer.content();
              return CallToolResult.builder().addTextContent(text).isError(false).build();
            })
        .build();
  }

  @AfterAll
  static void stop() throws LifecycleException {
    if (mcpServer != null) {
      mcpServer.closeGracefully();
    }
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void postWhenNoCredentialThen401SoTheGateIsInPlace() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/mcp"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"result\":{}}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertEquals(401, response.statusCode());
  }

  @Test
  void callToolWhenToolElicitsThenClientResponsePassesTheGateAndToolCompletes() {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(baseUrl)
            .endpoint("/mcp")
            .addHttpRequestCustomizer(
                (request, method, uri, body, context) ->
                    request.header("Authorization", "Bearer " + TOKEN))
            .build();
    try (McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(20))
            .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
            .elicitation(
                request -> {
                  elicited.add(request.message());
                  return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("confirmed", true));
                })
            .build()) {
      client.initialize();

      CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder().name(CONFIRM).arguments(Map.of()).build());

      assertEquals(List.of("Confirm the order?"), elicited);
      assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result));
      assertEquals("ACCEPT {confirmed=true}", ((TextContent) result.content().get(0)).text());
    }
  }
}
