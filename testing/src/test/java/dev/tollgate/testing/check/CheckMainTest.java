package dev.tollgate.testing.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.TollgateTestIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: output format, exit status, usage errors, and that secrets stay out of it. */
class CheckMainTest {
  @RegisterExtension static TollgateTestIssuer issuer = TollgateTestIssuer.create();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return CheckMain.run(
        List.of(args),
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runWhenServerCorrectThenExitZeroAndSummaryLine() {
    try (GateServer server = GateServer.start(issuer.issuer(), Set.of())) {
      String token = issuer.issuer().token(server.endpoint()).scopes("mcp").sign();

      int status = run(Map.of(), server.endpoint().toString(), "--token", token);

      assertEquals(0, status, out());
      List<String> lines = out().lines().toList();
      assertTrue(lines.get(lines.size() - 1).matches("(\\d+)/\\1 checks passed"), out());
      assertTrue(
          lines.subList(0, lines.size() - 1).stream()
              .allMatch(l -> l.matches("(PASS|FAIL|WARN)  .+  .*")),
          out());
      assertFalse(out().contains(token), "the token was printed");
    }
  }

  @Test
  void runWhenServerBrokenThenExitOneAndFailLine() {
    try (GateServer server = GateServer.start(issuer.issuer(), Set.of(Fault.ERROR_WITHOUT_TOKEN))) {
      int status = run(Map.of(), server.endpoint().toString());

      assertEquals(1, status, out());
      assertTrue(
          out().lines().anyMatch(l -> l.startsWith("FAIL  RFC 6750 §3.1: no error attribute")),
          out());
    }
  }

  @Test
  void runWhenJsonThenReportObjectWithoutSecrets() throws Exception {
    try (GateServer server =
        GateServer.start(issuer.issuer(), Set.of(Fault.QUERY_TOKEN_ACCEPTED))) {
      String token = issuer.issuer().token(server.endpoint()).scopes("mcp").sign();

      int status =
          run(Map.of("TOLLGATE_CHECK_TOKEN", token), server.endpoint().toString(), "--json");

      assertEquals(1, status);
      JsonNode report = new ObjectMapper().readTree(out());
      assertEquals(server.endpoint().toString(), report.get("endpoint").asText());
      assertFalse(report.get("ok").asBoolean());
      assertEquals(report.get("total").asInt(), report.get("results").size());
      assertTrue(report.get("results").findValuesAsText("id").contains("token.query"));
      assertFalse(out().contains(token), "the token was printed");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ''
      not a url
      ftp://example.test/mcp
      http://127.0.0.1:1/mcp --token
      http://127.0.0.1:1/mcp --client-id only
      http://127.0.0.1:1/mcp --bogus
      http://127.0.0.1:1/mcp http://127.0.0.1:2/mcp
      """)
  void runWhenArgumentsWrongThenUsageAndExitTwo(String commandLine) {
    String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

    int status = run(Map.of(), args);

    assertEquals(2, status);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("usage: java -jar tollgate-check.jar"));
  }

  @Test
  void runWhenServerDownThenFailsWithoutHanging() {
    int status = run(Map.of(), "http://127.0.0.1:1/mcp", "--timeout", "2");

    assertEquals(1, status);
    assertTrue(
        out().startsWith("FAIL  MCP authz: no token -> 401 Unauthorized  no response"), out());
    assertTrue(out().endsWith("0/1 checks passed\n"), out());
  }
}
