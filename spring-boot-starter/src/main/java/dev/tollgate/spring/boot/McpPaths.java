package dev.tollgate.spring.boot;

import dev.tollgate.gate.Tollgate;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths the filter guards, derived from the resource identifier (never from a request): the MCP
 * endpoint and everything below it, within the servlet context, plus the RFC 9728 metadata paths
 * (server-absolute; under a context path they never reach the application).
 */
final class McpPaths {
  private final String endpoint;
  private final List<String> metadata;

  private McpPaths(String endpoint, List<String> metadata) {
    this.endpoint = endpoint;
    this.metadata = metadata;
  }

  /** The paths of {@code tollgate}'s resource in an application deployed at {@code contextPath}. */
  static McpPaths of(Tollgate tollgate, String contextPath) {
    String path = tollgate.resource().getPath();
    String context =
        contextPath.endsWith("/")
            ? contextPath.substring(0, contextPath.length() - 1)
            : contextPath;
    if (!context.isEmpty() && (path.equals(context) || path.startsWith(context + "/"))) {
      path = path.substring(context.length());
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new McpPaths(path, tollgate.metadataPaths());
  }

  /** Servlet URL patterns: the endpoint, below it, and the metadata paths. */
  List<String> urlPatterns() {
    List<String> patterns = new ArrayList<>(endpointUrlPatterns());
    patterns.addAll(metadata);
    return List.copyOf(patterns);
  }

  /** Servlet URL patterns of the endpoint alone ({@code /*} when the resource is the root). */
  List<String> endpointUrlPatterns() {
    return endpoint.isEmpty() ? List.of("/*") : List.of(endpoint, endpoint + "/*");
  }

  /** Spring path patterns of the endpoint alone, for request matchers. */
  List<String> endpointPathPatterns() {
    return endpoint.isEmpty() ? List.of("/**") : List.of(endpoint, endpoint + "/**");
  }
}
