package dev.tollgate.example;

import dev.tollgate.TollgatePrincipal;
import dev.tollgate.servlet.TollgateFilter;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP side of the example: the SDK's streamable HTTP servlet at {@code /mcp}, with its Host
 * validation switched on (an unexpected {@code Host} gets 421: DNS-rebinding protection), and a
 * context extractor that hands each tool call the {@link TollgatePrincipal} of its own HTTP
 * request.
 *
 * <p>{@code Origin} is the filter's to judge ({@code allowed-origins}): it refuses a preflight and
 * a request from an origin it does not allow alike, with a JSON reason, before the SDK sees them. A
 * second list here could only disagree with the filter's answer to the preflight.
 */
final class McpEndpoint {
  /** The path of the MCP endpoint inside its context when not derived from the resource. */
  static final String PATH = "/mcp";

  /** The transport-context key under which tools find the caller. */
  static final String PRINCIPAL_KEY = TollgatePrincipal.class.getName();

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;

  private McpEndpoint(
      HttpServletStreamableServerTransportProvider transport, McpSyncServer server) {
    this.transport = transport;
    this.server = server;
  }

  /** An endpoint at {@code path} (inside its context) for {@code resource}. */
  static McpEndpoint create(URI resource, String path, ExampleTools tools) {
    DefaultServerTransportSecurityValidator hosts =
        DefaultServerTransportSecurityValidator.builder()
            .allowedOrigins(List.of())
            .allowedHosts(allowedHosts(resource))
            .build();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint(path)
            .contextExtractor(
                request ->
                    TollgateFilter.principal(request)
                        .map(
                            principal ->
                                McpTransportContext.create(Map.of(PRINCIPAL_KEY, principal)))
                        .orElse(McpTransportContext.EMPTY))
            .httpHeaderValidator(headers -> hosts.validate(withoutOrigin(headers)))
            .build();
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo("tollgate-example", "0.1.0")
            .instructions("A demo MCP server behind Tollgate. Try whoami first.")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(tools.specifications())
            .build();
    return new McpEndpoint(transport, server);
  }

  /** The servlet to mount at {@link #PATH}, with async support. */
  HttpServletStreamableServerTransportProvider servlet() {
    return transport;
  }

  void close() {
    server.closeGracefully();
  }

  /** The caller of the request a tool call arrived on, if the filter allowed it. */
  static Optional<TollgatePrincipal> principal(McpSyncServerExchange exchange) {
    Object value = exchange.transportContext().get(PRINCIPAL_KEY);
    return value instanceof TollgatePrincipal principal ? Optional.of(principal) : Optional.empty();
  }

  private static HeaderAccessor withoutOrigin(HeaderAccessor headers) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return name.equalsIgnoreCase("Origin") ? List.of() : headers.getHeader(name);
      }

      @Override
      public List<String> getHeaderNames() {
        return headers.getHeaderNames().stream()
            .filter(name -> !name.equalsIgnoreCase("Origin"))
            .toList();
      }
    };
  }

  /**
   * The {@code Host} values accepted: the resource's authority and, for a loopback resource, the
   * same port under the other loopback names.
   */
  static List<String> allowedHosts(URI resource) {
    String authority = resource.getRawAuthority();
    if (!ExampleConfig.isLoopback(resource.getHost())) {
      return List.of(authority);
    }
    String port = resource.getPort() == -1 ? "" : ":" + resource.getPort();
    return List.of("localhost" + port, "127.0.0.1" + port, "[::1]" + port);
  }
}
