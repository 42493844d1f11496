package dev.tollgate.testsupport;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat on 127.0.0.1 and an ephemeral port. The port is known before the web application
 * is set up, so a test can configure the resource as the very URL clients use.
 */
public final class TomcatServer implements AutoCloseable {
  private final Tomcat tomcat;
  private final int port;

  private TomcatServer(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  /** Starts Tomcat, then a root context that {@code setup} fills in, given the base URL. */
  public static TomcatServer start(BiConsumer<Context, URI> setup) {
    Tomcat tomcat = new Tomcat();
    try {
      Path base = Files.createTempDirectory("tollgate-tomcat");
      tomcat.setBaseDir(base.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      Files.createDirectories(base.resolve("webapps"));
      tomcat.start();
      int port = connector.getLocalPort();
      StandardContext context = new StandardContext();
      context.setName("");
      context.setPath("");
      context.addLifecycleListener(new Tomcat.FixContextListener());
      setup.accept(context, URI.create("http://127.0.0.1:" + port));
      // The host is running, so adding the context starts it, with everything set up above.
      tomcat.getHost().addChild(context);
      if (!context.getState().isAvailable()) {
        throw new IllegalStateException("context failed to start: " + context.getState());
      }
      return new TomcatServer(tomcat, port);
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds and starts a further context at {@code path} (e.g. {@code /app}) that {@code setup} fills
   * in.
   */
  public void addContext(String path, BiConsumer<Context, URI> setup) {
    StandardContext context = new StandardContext();
    context.setName(path);
    context.setPath(path);
    context.addLifecycleListener(new Tomcat.FixContextListener());
    setup.accept(context, base());
    tomcat.getHost().addChild(context);
    if (!context.getState().isAvailable()) {
      throw new IllegalStateException(
          "context " + path + " failed to start: " + context.getState());
    }
  }

  public static Wrapper servlet(
      Context context, String name, HttpServlet servlet, String... patterns) {
    Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
    wrapper.setAsyncSupported(true);
    for (String pattern : patterns) {
      context.addServletMapping(pattern, name);
    }
    return wrapper;
  }

  public static void filter(Context context, String name, Filter filter, String... patterns) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setFilterClass(filter.getClass().getName());
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    for (String pattern : patterns) {
      map.addURLPattern(pattern);
    }
    context.addFilterMap(map);
  }

  /** A further mapping of filter {@code name} for {@code dispatcher} (FORWARD, ASYNC, ...). */
  public static void filterMapping(
      Context context, String name, String dispatcher, String... patterns) {
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.setDispatcher(dispatcher);
    for (String pattern : patterns) {
      map.addURLPattern(pattern);
    }
    context.addFilterMap(map);
  }

  public int port() {
    return port;
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    }
  }
}
