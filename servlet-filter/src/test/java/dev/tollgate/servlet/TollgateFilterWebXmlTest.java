package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter declared in a WAR's web.xml by init-params only, with no configuration in code. */
class TollgateFilterWebXmlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static Tomcat tomcat;
  private static int port;
  private static Context war;

  @BeforeAll
  static void deployWar() throws Exception {
    tomcat = new Tomcat();
    Path base = Files.createTempDirectory("tollgate-war");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Files.createDirectories(base.resolve("webapps"));
    // Not Tomcat's global defaults (they declare a JSP servlet absent here); the default servlet
    // below.
    tomcat.setAddDefaultWebXmlToWebapp(false);
    tomcat.start();
    port = connector.getLocalPort();
    war = deploy("", "tollgate-war");
  }

  private static Context deploy(String path, String resourceDir) throws URISyntaxException {
    Path docBase = Path.of(TollgateFilterWebXmlTest.class.getResource("/" + resourceDir).toURI());
    ContextConfig webXml = new ContextConfig();
    LifecycleListener config =
        event -> {
          Context context = (Context) event.getLifecycle();
          if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
            // Only the WAR itself: the test classpath holds no web-fragment to find.
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
          }
          webXml.lifecycleEvent(event);
          if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
            // As every servlet container does: a default servlet, so that filters run on any path.
            Tomcat.addServlet(context, "default", new DefaultServlet());
            context.addServletMapping("/", "default");
          }
        };
    // Adding to a running host starts the web application at once, reading its web.xml.
    return tomcat.addWebapp(tomcat.getHost(), path, docBase.toString(), config);
  }

  @AfterAll
  static void stopTomcat() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void initWhenConfiguredByInitParamsThenRequestsChallenged() throws Exception {
    WarServlet.REACHED.set(0);

    HttpResponse<String> response = get("/mcp");

    assertTrue(war.getState().isAvailable());
    assertEquals(401, response.statusCode());
    assertEquals(
        "Bearer scope=\"mcp\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"",
        response.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(0, WarServlet.REACHED.get());
  }

  @Test
  void initWhenConfiguredByInitParamsThenMetadataServed() throws Exception {
    HttpResponse<String> response = get("/.well-known/oauth-protected-resource/mcp");

    assertEquals(200, response.statusCode());
    JsonNode metadata = JSON.readTree(response.body());
    assertEquals("https://mcp.example.com/mcp", metadata.get("resource").asText());
    assertEquals("https://auth.example.com", metadata.get("authorization_servers").get(0).asText());
    assertEquals("mcp", metadata.get("scopes_supported").get(0).asText());
  }

  @Test
  void initWhenWarMisconfiguredThenApplicationDoesNotStart() throws Exception {
    Context bad = deploy("/bad", "misconfigured-war");
    WarServlet.REACHED.set(0);

    HttpResponse<String> response = get("/bad/mcp");

    assertFalse(bad.getState().isAvailable(), bad.getState().toString());
    assertTrue(response.statusCode() >= 400, Integer.toString(response.statusCode()));
    assertEquals(0, WarServlet.REACHED.get());
  }

  @Test
  void initWhenResourceInvalidThenServletExceptionNamesTheKey() {
    TollgateFilter filter = new TollgateFilter();
    FakeFilterConfig config =
        new FakeFilterConfig(Map.of("resource", "mcp.example.com/mcp"), Map.of());

    ServletException e = assertThrows(ServletException.class, () -> filter.init(config));

    assertTrue(
        e.getMessage().contains("TOLLGATE_RESOURCE (resource): must be an absolute http(s) URL"),
        e.getMessage());
  }

  @Test
  void jarWhenBuiltThenNoAutoActivatingWebFragment() throws Exception {
    Path classes =
        Path.of(TollgateFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    assertFalse(Files.exists(classes.resolve("META-INF/web-fragment.xml")));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
