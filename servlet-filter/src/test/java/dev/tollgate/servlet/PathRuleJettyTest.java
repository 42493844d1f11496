package dev.tollgate.servlet;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** {@link PathRuleContract} on Jetty 12 (ee10), with its default URI compliance. */
class PathRuleJettyTest extends PathRuleContract {
  private Server server;

  @Override
  int start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    server.setHandler(contexts);
    server.start();
    int port = connector.getLocalPort();
    URI base = URI.create("http://127.0.0.1:" + port);
    for (ServletContextHandler context :
        new ServletContextHandler[] {
          context("/", base.resolve("/mcp"), rootServlet),
          context(CONTEXT, base.resolve(CONTEXT + "/mcp"), appServlet)
        }) {
      contexts.addHandler(context);
      if (!context.isStarted()) {
        context.start();
      }
    }
    return port;
  }

  private static ServletContextHandler context(
      String path, URI resource, RoutedPathServlet servlet) {
    ServletContextHandler context = new ServletContextHandler(path);
    FilterHolder filter = new FilterHolder(new TollgateFilter(gate(resource)));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/mcp/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(servlet), "/mcp/*");
    context.addServlet(new ServletHolder(new NotFoundServlet()), "/");
    return context;
  }

  @Override
  void stop() throws Exception {
    server.stop();
  }
}
