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
 * Runs {@code src/test/browser/account-page.mjs}: headless Chromium (Debian's {@code chromium}
 * package, driven by {@code playwright-core}) on the account page of the example in this JVM. It
 * signs in with PKCE at the development authorization server, revokes the demo key, creates and
 * renews a key (the old one then gets 401 at {@code /mcp}), and disconnects an app whose token then
 * gets 401. Screenshots go to {@code target/screenshots}, or to {@code TOLLGATE_SCREENSHOT_DIR}
 * (set it to {@code docs/screenshots} to refresh the README's).
 *
 * <p>Skipped when {@code /usr/bin/chromium}, {@code node} or {@code node_modules} is missing,
 * unless {@code TOLLGATE_REQUIRE_BROWSER_E2E=true} (CI), when that is a failure.
 */
class AccountPageBrowserTest {
  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Generous for a loaded two-core machine; the script gives up by itself after 120 seconds. */
  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void accountPageWhenDrivenInChromiumThenKeyAndConnectedAppsManagedEndToEnd() throws Exception {
    requireBrowser();
    try (ExampleServer server = ExampleServer.start(ExampleConfig.ephemeral())) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  "node",
                  "account-page.mjs",
                  server.accountPage().toString(),
                  server.resource().toString(),
                  server.accountResource().toString())
              .directory(BROWSER_DIR.toFile())
              .redirectErrorStream(true);
      builder
          .environment()
          .put("TOLLGATE_BROWSER_DEMO_KEY", server.apiKey(DemoAccounts.PRO).orElseThrow());
      builder.environment().put("TOLLGATE_CHROMIUM", CHROMIUM.toString());
      builder.environment().put("TOLLGATE_SCREENSHOT_DIR", screenshotDir().toString());
      Process process = builder.start();
      process.getOutputStream().close();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      Thread reader =
          new Thread(() -> copy(process.getInputStream(), output), "browser-e2e-output");
      reader.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(
            "node account-page.mjs did not finish within "
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
      // The page's "Disconnect" and "Reconnect" went through the account endpoints into the
      // gate's registry: tokens from before the disconnection stay refused.
      assertTrue(
          server.revocations().revocations().stream()
              .anyMatch(
                  r ->
                      DemoAccounts.PRO.equals(r.accountId())
                          // The app registered itself (RFC 7591): its client id is the server's
                          // choice.
                          && !AccountPageFilter.DEFAULT_CLIENT_ID.equals(r.clientId())
                          && !r.untilReconnected()),
          server.revocations().revocations().toString());
    }
  }

  private static Path screenshotDir() {
    String configured = System.getenv("TOLLGATE_SCREENSHOT_DIR");
    Path dir =
        configured == null || configured.isBlank()
            ? Path.of("target", "screenshots")
            : Path.of(configured);
    return dir.toAbsolutePath();
  }

  private static void requireBrowser() {
    boolean required = "true".equalsIgnoreCase(System.getenv("TOLLGATE_REQUIRE_BROWSER_E2E"));
    String missing = null;
    if (!Files.isExecutable(CHROMIUM)) {
      missing = CHROMIUM + " is missing (apt-get install chromium)";
    } else if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
      missing = "no node_modules in " + BROWSER_DIR + " (run: npm ci --prefix " + BROWSER_DIR + ")";
    } else if (!nodeRuns()) {
      missing = "node is not on the PATH";
    }
    if (missing == null) {
      return;
    }
    if (required) {
      fail("TOLLGATE_REQUIRE_BROWSER_E2E=true but " + missing);
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
