package dev.tollgate.example;

import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The example's one Tomcat context, in request order: the account page and account gate (added by
 * {@link AccountSelfService} as the context starts), {@link TollgateFilter} on the MCP path and the
 * metadata paths, {@link TransportErrorFilter}, {@link SessionBindingFilter}, connection recording,
 * then the MCP servlet. Every other path answers 404, as JSON ({@link JsonErrorReports}).
 */
final class ExampleContext {
  private ExampleContext() {}

  /** Adds the root context to {@code tomcat}, before it starts. */
  static void mount(
      Tomcat tomcat,
      Tollgate tollgate,
      TollgateSettings settings,
      McpEndpoint endpoint,
      URI resource,
      AccountSelfService account) {
    Context context = tomcat.addContext("", null);
    // Runs as the context starts, when the Servlet API lets the library's mount helpers add
    // filters: the page and account gate go before these, connection recording after.
    context.addServletContainerInitializer(account, null);
    String mcpPath = resource.getPath();
    addFilter(
        context,
        "tollgate",
        new TollgateFilter(tollgate, settings.cors(), settings.mcpBodyLimit()),
        mcpPath);
    for (String metadataPath : tollgate.metadataPaths()) {
      addMapping(context, "tollgate", metadataPath);
    }
    addFilter(context, "mcp-transport-errors", new TransportErrorFilter(), mcpPath);
    addFilter(context, "mcp-session-binding", new SessionBindingFilter(), mcpPath);

    Wrapper mcp = Tomcat.addServlet(context, "mcp", endpoint.servlet());
    mcp.setAsyncSupported(true);
    context.addServletMapping(mcpPath, "mcp");
    // Without a servlet for every other path Tomcat answers 404 before any filter runs, and the
    // metadata paths would never reach the Tollgate filter.
    Tomcat.addServlet(context, "not-found", new NotFoundServlet());
    context.addServletMapping("/", "not-found");
  }

  private static void addFilter(Context context, String name, Filter filter, String path) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    addMapping(context, name, path);
  }

  private static void addMapping(Context context, String name, String path) {
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern(path);
    context.addFilterMap(map);
  }

  /** Answers 404 for every path nothing else serves. */
  private static final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }
}
