package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.example.demo.DemoAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" walk-through, run as it stands in README.md by a shell with curl against
 * the example: only the ports (the example's defaults, 8080 and 9090) and the demo key are filled
 * in, so a change to the example that breaks a command the README prints fails here.
 */
class ReadmeWalkthroughTest {
  private static final Path README =
      Path.of("..").toAbsolutePath().normalize().resolve("README.md");

  /** The comment above the block; {@code DocCommandsTest} checks that the README still has it. */
  private static final String MARKER = "<!-- run: by ReadmeWalkthroughTest as walkthrough -->";

  private static ExampleServer server;

  @BeforeAll
  static void start() {
    server = ExampleServer.start(ExampleConfig.ephemeral());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The {@code sh} block under the marker. */
  private static String walkthrough() throws IOException {
    String readme = Files.readString(README);
    int marker = readme.indexOf(MARKER);
    assertTrue(marker >= 0, "README.md has no " + MARKER);
    int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
    int end = readme.indexOf("```\n", start);
    return readme.substring(start, end);
  }

  @Test
  void walkthroughWhenRunAsWrittenThenEveryStepAnswersAsTheReadmeSays() throws Exception {
    String origin = ExampleConfig.origin(server.resource());
    String issuer = server.devAuthorizationServer().orElseThrow().issuer().toString();
    String key = server.apiKey(DemoAccounts.PRO).orElseThrow();
    String script =
        walkthrough()
            .replace("http://localhost:8080", origin)
            .replace("http://localhost:9090", issuer)
            .replace("'tgk_…'", "'" + key + "'");

    Process shell =
        new ProcessBuilder("bash", "-e", "-c", script).redirectErrorStream(true).start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(shell.waitFor(60, TimeUnit.SECONDS), "the walk-through did not finish");

    assertEquals(0, shell.exitValue(), output);
    // 1. metadata, 2. the challenge
    assertTrue(output.contains("\"resource\":\"" + server.resource() + "\""), output);
    assertTrue(
        output.contains("resource_metadata=\"" + server.resourceMetadataUrl() + "\""), output);
    // 3.-4. the OAuth token acts as demo-pro; 5. so does the API key
    assertTrue(
        output.contains("\\\"account\\\":\\\"demo-pro\\\"")
            && output.contains("\\\"credential\\\":\\\"ACCESS_TOKEN\\\""),
        output);
    assertTrue(output.contains("\\\"credential\\\":\\\"API_KEY\\\""), output);
    // demo-free is refused with an upgrade link
    assertTrue(output.contains("\"error\":\"entitlement_required\""), output);
    assertTrue(output.contains("\"upgrade_uri\":"), output);
  }
}
