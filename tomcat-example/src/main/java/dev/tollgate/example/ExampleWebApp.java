package dev.tollgate.example;

import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.servlet.ServletSettingSources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP side of {@code tollgate-example.war}: registers the SDK's streamable HTTP servlet at
 * {@code /mcp} with the example's tools (in-memory demo accounts and ledger), behind {@link
 * TransportErrorFilter} so that the SDK's error responses carry no stack trace. It configures
 * nothing of the gate: {@code web.xml} declares {@link dev.tollgate.servlet.TollgateFilter} and
 * gives all its settings as context and init parameters.
 *
 * <p>Deploy the WAR as the root application: RFC 9728 puts the metadata at the server's root
 * ({@code /.well-known/oauth-protected-resource/mcp}), where only the root context can serve it.
 */
public final class ExampleWebApp implements ServletContextListener {
  private static final Logger log = LoggerFactory.getLogger(ExampleWebApp.class);

  private @Nullable McpEndpoint endpoint;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    // The resource as the filter will read it: context-param, system property, then environment.
    String value =
        SettingSource.firstOf(
                ServletSettingSources.servletContext(context),
                SettingSource.systemProperties(),
                SettingSource.environment())
            .get(TollgateSettings.RESOURCE);
    if (value == null) {
      throw new IllegalStateException(
          "context-param 'resource' is required (the MCP endpoint's URL)");
    }
    URI resource = URI.create(value);
    ExampleBackend backend = ExampleBackend.create(null);
    McpEndpoint created = McpEndpoint.create(resource, McpEndpoint.PATH, backend.tools);
    ServletRegistration.Dynamic servlet = context.addServlet("mcp", created.servlet());
    servlet.setAsyncSupported(true);
    servlet.addMapping(McpEndpoint.PATH);
    // After web.xml's TollgateFilter (match after): only allowed requests reach the SDK's servlet.
    FilterRegistration.Dynamic errors =
        context.addFilter("mcp-transport-errors", new TransportErrorFilter());
    errors.setAsyncSupported(true);
    errors.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, McpEndpoint.PATH);
    this.endpoint = created;
    log.info("MCP endpoint registered at {}", resource);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    McpEndpoint current = endpoint;
    if (current != null) {
      current.close();
    }
  }
}
