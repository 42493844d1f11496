package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example's {@code main} as an operator runs it, in a process of its own: a start-up failure is
 * one line on standard error that names the setting, with exit status 1, and no stack trace.
 */
class ExampleServerMainTest {

  @Test
  void mainWhenResourceNotAbsoluteThenOneLineNamingTheSettingAndExitStatusOne() throws Exception {
    Result result = run(Map.of("PORT", "0", "TOLLGATE_RESOURCE", "mcp.example.com/mcp"));

    assertEquals(1, result.exitStatus(), result.toString());
    assertEquals(1, result.stderr().size(), result.toString());
    assertTrue(
        result
            .stderr()
            .get(0)
            .startsWith("tollgate-example: TOLLGATE_RESOURCE must be an absolute URL"),
        result.toString());
    assertEquals(List.of(), result.stdout());
  }

  @Test
  void mainWhenPortInUseThenOneLineNamingPortAndExitStatusOne() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

      Result result = run(Map.of("PORT", Integer.toString(taken.getLocalPort())));

      assertEquals(1, result.exitStatus(), result.toString());
      assertEquals(
          List.of(
              "tollgate-example: PORT: cannot listen on port "
                  + taken.getLocalPort()
                  + " of HOST 127.0.0.1 (in use, not permitted, or not an address of this machine)"),
          result.stderr(),
          result.toString());
      assertEquals(List.of(), result.stdout());
    }
  }

  @Test
  void mainWhenDevAuthorizationPortInUseThenOneLineNamingItAndExitStatusOne() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

      Result result =
          run(
              Map.of(
                  "PORT", "0", "TOLLGATE_DEV_AUTH_PORT", Integer.toString(taken.getLocalPort())));

      assertEquals(1, result.exitStatus(), result.toString());
      assertEquals(1, result.stderr().size(), result.toString());
      assertTrue(
          result.stderr().get(0).startsWith("tollgate-example: TOLLGATE_DEV_AUTH_PORT:"),
          result.toString());
    }
  }

  private record Result(int exitStatus, List<String> stdout, List<String> stderr) {}

  /** Runs {@code ExampleServer.main} on this test's class path with only {@code env} set. */
  private static Result run(Map<String, String> env) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ExampleServer.class.getName());
    // Only what the test sets: nothing of the surrounding build's environment may leak in.
    builder
        .environment()
        .keySet()
        .removeIf(
            name ->
                name.startsWith("TOLLGATE_")
                    || name.equals("PORT")
                    || name.equals("HOST")
                    || name.equals("JAVA_TOOL_OPTIONS")
                    || name.equals("JDK_JAVA_OPTIONS")
                    || name.equals("_JAVA_OPTIONS"));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<List<String>> stdout = lines(process.getInputStream());
    CompletableFuture<List<String>> stderr = lines(process.getErrorStream());
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("the example did not exit; stderr so far: " + stderr.getNow(List.of()));
    }
    return new Result(process.exitValue(), stdout.join(), stderr.join());
  }

  private static CompletableFuture<List<String>> lines(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : text.lines().toList();
          } catch (IOException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
          }
        });
  }
}
