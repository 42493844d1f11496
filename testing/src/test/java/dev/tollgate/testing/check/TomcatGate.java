package dev.tollgate.testing.check;

import dev.tollgate.config.CorsPolicy;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat on loopback with the real {@link TollgateFilter} in front of a stand-in MCP
 * endpoint at {@code /mcp} that answers {@code initialize}. The gate is built once the port, and so
 * the resource URL, is known.
 */
final class TomcatGate implements AutoCloseable {
  private final Tomcat tomcat;
  private final URI endpoint;

  private TomcatGate(Tomcat tomcat, URI endpoint) {
    this.tomcat = tomcat;
    this.endpoint = endpoint;
  }

  static TomcatGate start(Function<URI, Tollgate> gateForResource)
      throws IOException, LifecycleException {
    return start(gateForResource, CorsPolicy.defaults());
  }

  /** A gate whose filter admits browser origins as {@code cors} says. */
  static TomcatGate start(Function<URI, Tollgate> gateForResource, CorsPolicy cors)
      throws IOException, LifecycleException {
    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory("tollgate-check-tomcat");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Files.createDirectories(base.resolve("webapps"));
    tomcat.start();
    URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");

    StandardContext context = new StandardContext();
    context.setName("");
    context.setPath("");
    context.addLifecycleListener(new Tomcat.FixContextListener());
    Tomcat.addServlet(context, "mcp", new InitializeServlet()).setAsyncSupported(true);
    context.addServletMapping("/mcp", "mcp");
    Tomcat.addServlet(context, "fallback", new NotFoundServlet());
    context.addServletMapping("/", "fallback");

    FilterDef filter = new FilterDef();
    filter.setFilterName("tollgate");
    filter.setFilter(new TollgateFilter(gateForResource.apply(endpoint), cors));
    filter.setFilterClass(TollgateFilter.class.getName());
    filter.setAsyncSupported("true");
    context.addFilterDef(filter);
    FilterMap map = new FilterMap();
    map.setFilterName("tollgate");
    map.addURLPattern("/mcp");
    map.addURLPattern("/.well-known/oauth-protected-resource");
    map.addURLPattern("/.well-known/oauth-protected-resource/*");
    context.addFilterMap(map);

    tomcat.getHost().addChild(context);
    if (!context.getState().isAvailable()) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("context failed to start: " + context.getState());
    }
    return new TomcatGate(tomcat, endpoint);
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  /** Answers any request that got through with an MCP initialize result. */
  static final class InitializeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(200);
      response.setContentType("application/json");
      response.setHeader("Mcp-Session-Id", "session-1");
      response
          .getOutputStream()
          .write(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\"}}"
                  .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The default servlet, so that filters run on every path. */
  static final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      response.setStatus(404);
    }
  }
}
