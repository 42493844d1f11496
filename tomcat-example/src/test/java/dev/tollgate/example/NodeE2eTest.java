package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tollgate.example.demo.DemoAccounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code src/test/node/e2e.mjs}, the official MCP TypeScript SDK's client, against the example
 * in this JVM: discovery from the 401, a client-credentials token, tools over streamable HTTP, the
 * SDK's authorization code flow (registration, PKCE, auto-login as demo-pro), then an API key.
 * Skipped when {@code node} or {@code node_modules} is missing, unless {@code
 * TOLLGATE_REQUIRE_NODE_E2E=true} (CI), when that is a failure.
 */
class NodeE2eTest {
  private static final Path NODE_DIR = Path.of("src", "test", "node");

  /** Generous for a loaded two-core machine; the script gives up by itself after 100 seconds. */
  private static final long TIMEOUT_SECONDS = 150;

  @Test
  void typescriptSdkWhenRunAgainstServerThenAllChecksPass() throws Exception {
    requireNode();
    // The script's authorization code flow signs in without a page, as demo-pro.
    ExampleConfig config =
        ExampleConfig.fromEnvironment(
            java.util.Map.of(
                "PORT",
                "0",
                "TOLLGATE_DEV_AUTH_PORT",
                "0",
                "TOLLGATE_DEV_AUTO_LOGIN",
                DemoAccounts.PRO));
    try (ExampleServer server = ExampleServer.start(config)) {
      ProcessBuilder builder =
          new ProcessBuilder("node", "e2e.mjs", server.resource().toString())
              .directory(NODE_DIR.toFile())
              .redirectErrorStream(true);
      builder
          .environment()
          .put("TOLLGATE_E2E_API_KEY", server.apiKey(DemoAccounts.PRO).orElseThrow());
      builder.environment().put("TOLLGATE_E2E_AUTHORIZATION_CODE", "true");
      Process process = builder.start();
      process.getOutputStream().close();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(process.getInputStream(), output), "node-e2e-output");
      reader.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(
            "node e2e.mjs did not finish within "
                + TIMEOUT_SECONDS
                + " s:\n"
                + output.toString(StandardCharsets.UTF_8));
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      String text = output.toString(StandardCharsets.UTF_8);
      System.out.println(text);
      List<String> lines = text.strip().lines().toList();
      assertEquals(0, process.exitValue(), text);
      String last = lines.get(lines.size() - 1);
      assertTrue(last.matches("[1-9][0-9]* passed, 0 failed"), "last line: " + last + "\n" + text);
      assertTrue(text.contains("ok   - authorization code (OAuthClientProvider)"), text);
    }
  }

  private static void requireNode() {
    boolean required = "true".equalsIgnoreCase(System.getenv("TOLLGATE_REQUIRE_NODE_E2E"));
    String missing = null;
    if (!Files.isDirectory(
        NODE_DIR.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
      missing = "no node_modules in " + NODE_DIR + " (run: npm ci --prefix " + NODE_DIR + ")";
    } else if (!nodeRuns()) {
      missing = "node is not on the PATH";
    }
    if (missing == null) {
      return;
    }
    if (required) {
      fail("TOLLGATE_REQUIRE_NODE_E2E=true but " + missing);
    }
    Assumptions.abort("skipped: " + missing);
  }

  private static boolean nodeRuns() {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
