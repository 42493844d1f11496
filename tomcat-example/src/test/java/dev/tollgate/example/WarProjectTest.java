package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, followed by a user: {@code ./mvnw -DskipTests install}, then a project
 * of their own ({@code src/test/war-project}: the BOM, {@code tollgate-servlet-filter} and the
 * README's {@code web.xml} snippet, taken from README.md as it stands) built with Maven into a WAR
 * and deployed in Tomcat. Runs with {@code TOLLGATE_REQUIRE_WAR_PROJECT=true} (as {@code .ci/run}
 * sets): it installs into the local Maven repository, so it never runs by surprise. {@code
 * TOLLGATE_WAR_PROJECT_LOCAL_REPO=<dir>} installs there instead, reading everything else from the
 * usual repository.
 */
@EnabledIfEnvironmentVariable(
    named = "TOLLGATE_REQUIRE_WAR_PROJECT",
    matches = "true",
    disabledReason =
        "installs into the local Maven repository; set TOLLGATE_REQUIRE_WAR_PROJECT=true")
class WarProjectTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PROJECT = Path.of("src", "test", "war-project").toAbsolutePath();
  private static final ExampleHttp http = new ExampleHttp();
  private static final List<String> containerLog = new CopyOnWriteArrayList<>();
  private static final Logger CONTAINER =
      Logger.getLogger("org.apache.catalina.core.ContainerBase");
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getMessage() != null) {
            containerLog.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @TempDir static Path work;

  private static DevAuthorizationServer authorizationServer;
  private static Tomcat tomcat;
  private static URI resource;
  private static Path war;

  /** The same project with docs/logging.md's Logback dependency and configuration, at /logged. */
  private static URI loggedResource;

  private static Path auditLog;

  @BeforeAll
  static void buildAndDeploy() throws Exception {
    String version = System.getProperty("tollgate.version", "0.1.0-SNAPSHOT");
    maven(ROOT, "-DskipTests", "install", "-pl", "bom,core,servlet-filter", "-am");

    authorizationServer = DevAuthorizationServer.start(0, ExampleBackend.SCOPES);
    tomcat = new Tomcat();
    Path base = Files.createDirectories(work.resolve("tomcat"));
    tomcat.setBaseDir(base.toString());
    Files.createDirectories(base.resolve("webapps"));
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.init();
    resource = URI.create("http://localhost:" + connector.getLocalPort() + "/mcp");
    loggedResource = URI.create("http://localhost:" + connector.getLocalPort() + "/logged/mcp");
    auditLog = work.resolve("logs/tollgate-audit.log");

    war = buildWar("project", resource, version, false);
    Path loggedWar = buildWar("logged", loggedResource, version, true);

    CONTAINER.addHandler(CAPTURE);
    Context context = tomcat.addWebapp("", war.toString());
    Context logged = tomcat.addWebapp("/logged", loggedWar.toString());
    tomcat.start();
    assertEquals(
        LifecycleState.STARTED, context.getState(), "the WAR did not start: " + containerLog);
    assertEquals(
        LifecycleState.STARTED, logged.getState(), "the logged WAR did not start: " + containerLog);
  }

  /**
   * The war-project for {@code forResource}, with the README's web.xml and, when {@code
   * withLogging}, docs/logging.md's Logback dependency and configuration (audit file under {@link
   * #work}).
   */
  private static Path buildWar(String name, URI forResource, String version, boolean withLogging)
      throws IOException, InterruptedException {
    Path project = copy(PROJECT, work.resolve(name));
    Path webXml = project.resolve("src/main/webapp/WEB-INF/web.xml");
    Files.writeString(
        webXml,
        Files.readString(webXml).replace("<!-- README web.xml -->", readmeWebXml(forResource)));
    if (withLogging) {
      String docs = Files.readString(ROOT.resolve("docs/logging.md"));
      Path pom = project.resolve("pom.xml");
      Files.writeString(
          pom,
          Files.readString(pom)
              .replace(
                  "<!-- logging -->", xmlBlock(docs, "<artifactId>logback-classic</artifactId>")));
      Path resources = Files.createDirectories(project.resolve("src/main/resources"));
      Files.writeString(
          resources.resolve("logback.xml"),
          xmlBlock(docs, "<configuration>")
              .replace("logs/tollgate-audit", work.resolve("logs/tollgate-audit").toString()));
    }
    maven(project, "-Dtollgate.version=" + version, "package");
    return project.resolve("target/my-mcp-server.war");
  }

  @AfterAll
  static void undeploy() throws Exception {
    CONTAINER.removeHandler(CAPTURE);
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (authorizationServer != null) {
      authorizationServer.close();
    }
  }

  @Test
  void postWhenNoCredentialThen401ChallengeNamingTheMetadata() throws Exception {
    HttpResponse<String> response = http.post(resource, null, "{}", null, null);

    assertEquals(401, response.statusCode(), response.body());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.startsWith("Bearer "), challenge);
    assertTrue(challenge.contains("scope=\"mcp\""), challenge);
    Matcher url = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
    assertTrue(url.find(), challenge);

    JsonNode metadata = ExampleHttp.JSON.readTree(http.get(URI.create(url.group(1))).body());
    assertEquals(resource.toString(), metadata.get("resource").asText());
    assertEquals(
        authorizationServer.issuer().toString(),
        metadata.get("authorization_servers").get(0).asText());
  }

  @Test
  void postWhenValidTokenThenTheUsersServletSeesTheAccount() throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(), DemoAccounts.PRO, resource.toString(), "mcp");

    HttpResponse<String> response = http.post(resource, token, "{}", null, null);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        DemoAccounts.PRO, ExampleHttp.JSON.readTree(response.body()).get("account").asText());
  }

  @Test
  void warWhenBuiltFromTheBomThenLibrariesAlignedNamedAndWithoutServletApi() throws Exception {
    List<String> libraries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(war.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        String name = entry.getName();
        if (!name.startsWith("WEB-INF/lib/")) {
          continue;
        }
        libraries.add(name);
        if (name.matches("WEB-INF/lib/tollgate-(core|servlet-filter)-.*\\.jar")) {
          try (InputStream in = zip.getInputStream(entry);
              JarInputStream jar = new JarInputStream(in)) {
            String module = jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
            assertTrue(module != null && module.startsWith("dev.tollgate"), name + ": " + module);
          }
        }
      }
    }
    String version = System.getProperty("tollgate.version", "0.1.0-SNAPSHOT");
    assertTrue(
        libraries.contains("WEB-INF/lib/tollgate-core-" + version + ".jar"), libraries.toString());
    assertTrue(
        libraries.contains("WEB-INF/lib/tollgate-servlet-filter-" + version + ".jar"),
        libraries.toString());
    assertFalse(
        libraries.stream().anyMatch(name -> name.contains("servlet-api")), libraries.toString());
  }

  @Test
  void postWhenLoggedWithDocumentedLogbackConfigThenAuditLineShowsTheFields() throws Exception {
    HttpResponse<String> response = http.post(loggedResource, null, "{}", null, null);
    assertEquals(401, response.statusCode(), response.body());

    // Logback's file appender writes each event through before the request completes.
    List<String> lines = Files.readAllLines(auditLog);
    assertTrue(
        lines.stream()
            .anyMatch(
                line ->
                    line.contains(
                        "tollgate decision outcome=challenge reason=missing_credential method=POST path=/")),
        lines.toString());
  }

  @Test
  void deployWhenNoSlf4jProviderThenContainerLogSaysAuditEventsAreDiscarded() {
    // Once, for the WAR without a provider; the logged WAR has Logback and says nothing.
    assertEquals(
        1,
        containerLog.stream()
            .filter(line -> line.startsWith("Tollgate: no SLF4J provider"))
            .count(),
        containerLog.toString());
  }

  /**
   * The README's {@code web.xml} snippet (the XML block declaring {@code TollgateFilter}), with its
   * example URLs replaced by {@code forResource} and this test's authorization server.
   */
  private static String readmeWebXml(URI forResource) throws IOException {
    String xml =
        xmlBlock(
            Files.readString(ROOT.resolve("README.md")),
            "<filter-class>dev.tollgate.servlet.TollgateFilter</filter-class>");
    String replaced =
        xml.replace(
                "https://auth.example.com/.well-known/jwks.json",
                authorizationServer.jwksUri().toString())
            .replace("https://auth.example.com", authorizationServer.issuer().toString())
            .replace("https://mcp.example.com/mcp", forResource.toString());
    assertFalse(
        replaced.contains("example.com"),
        "README's web.xml has a URL this test does not know: " + xml);
    return replaced;
  }

  /** The first {@code ```xml} block of {@code markdown} that contains {@code marker}. */
  private static String xmlBlock(String markdown, String marker) {
    Matcher block = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      if (block.group(1).contains(marker)) {
        return block.group(1);
      }
    }
    throw new AssertionError("no xml block with " + marker);
  }

  /** Runs this repository's Maven wrapper in {@code directory}; fails with its output. */
  private static void maven(Path directory, String... arguments)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-q"));
    String localRepository = System.getenv("TOLLGATE_WAR_PROJECT_LOCAL_REPO");
    if (localRepository != null && !localRepository.isBlank()) {
      command.add("-Dmaven.repo.local=" + localRepository);
      command.add(
          "-Dmaven.repo.local.tail="
              + Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(work, "maven", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("Maven did not finish: " + command);
    }
    if (process.exitValue() != 0) {
      fail("Maven failed (" + command + "):\n" + Files.readString(output, StandardCharsets.UTF_8));
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!from.relativize(file).startsWith("target")) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }
}
