package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link DocCommandRules} on small pages, so each is seen to fail; and on this
 * repository's README.md with one run marker taken away.
 */
class DocCommandRulesTest {
  private static final String CI =
      """
      ./mvnw -B -ntp verify
      npm ci --prefix web --no-audit && echo done
      PORT=18080 java -jar app.jar >"$log" 2>&1 &
      .ci/other.sh
      """;
  private static final Map<String, String> RUNNERS =
      Map.of(
          "WalkTest", "String marker = \"<!-- run: by WalkTest as walk -->\";",
          ".ci/other.sh", "marker='<!-- run: by .ci/other.sh as tour -->'",
          ".ci/unused.sh", "marker='<!-- run: by .ci/unused.sh as tour -->'");
  private static final DocCommandRules RULES =
      new DocCommandRules(
          ShellCommands.of(CI),
          Set.of(".ci/run", ".ci/other.sh"),
          name -> Optional.ofNullable(RUNNERS.get(name)));

  private static List<String> violations(String markdown) {
    return RULES.violations(List.of(MarkdownPage.parse("page.md", markdown)));
  }

  @Test
  void violationsWhenEveryBlockMarkedAndKeptThenNone() {
    String page =
        """
        Build:

        <!-- run: ci -->
        ```sh
        ./mvnw verify   # every test
        npm ci --prefix web --no-audit
        java -jar app.jar
        ```

        <!-- run: by WalkTest as walk -->
        ```bash
        curl -s http://localhost:8080/mcp
        ```

        <!-- run: example key=demo-pro expect='^200$' -->
        ```sh
        curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/mcp
        ```

        Then `java -jar app.jar` again; `.ci/run` and `./mvnw` are names, not commands.

        ```xml
        <filter/>
        ```
        """;

    assertEquals(List.of(), violations(page));
  }

  @Test
  void violationsWhenShellBlockUnmarkedThenReported() {
    List<String> violations = violations("Run:\n\n```sh\n./mvnw verify\n```\n");

    assertEquals(
        List.of(
            "page.md:3: shell block without a run marker"
                + " (<!-- run: example|ci|by NAME as ID -->)"),
        violations);
  }

  @Test
  void violationsWhenFenceUnlabeledOrBlockIndentedThenReported() {
    List<String> violations =
        violations("Run:\n\n```\n./mvnw verify\n```\n\nor\n\n    ./mvnw verify\n");

    assertEquals(2, violations.size(), violations.toString());
    assertTrue(violations.get(0).startsWith("page.md:3: unlabeled code fence"), violations.get(0));
    assertTrue(violations.get(1).startsWith("page.md:9: indented code block"), violations.get(1));
  }

  @Test
  void violationsWhenCiBlockCommandNotRunByCiThenReported() {
    List<String> violations =
        violations("<!-- run: ci -->\n```sh\n./mvnw verify\n./mvnw -DskipTests install\n```\n");

    assertEquals(
        List.of("page.md:2: run: ci, but .ci/run runs no such command: ./mvnw -DskipTests install"),
        violations);
  }

  @Test
  void violationsWhenRunnerLacksMarkerOrIsNotRunByCiThenReported() {
    List<String> violations = new ArrayList<>();
    violations.addAll(violations("<!-- run: by WalkTest as other -->\n```sh\ncurl -s x\n```\n"));
    violations.addAll(violations("<!-- run: by NoSuchTest as walk -->\n```sh\ncurl -s x\n```\n"));
    violations.addAll(
        violations("<!-- run: by .ci/unused.sh as tour -->\n```sh\ncurl -s x\n```\n"));

    assertEquals(3, violations.size(), violations.toString());
    assertTrue(violations.get(0).contains("WalkTest does not find the block"), violations.get(0));
    assertTrue(violations.get(1).contains("no test class or .ci script"), violations.get(1));
    assertTrue(violations.get(2).contains(".ci/run does not run"), violations.get(2));
  }

  @Test
  void violationsWhenInlineCommandInNoMarkedBlockThenReported() {
    List<String> violations = violations("Install it with `./mvnw -DskipTests\n install` first.\n");

    assertEquals(1, violations.size(), violations.toString());
    assertTrue(
        violations.get(0).startsWith("page.md:1: inline command `./mvnw -DskipTests install`"),
        violations.get(0));
  }

  @Test
  void violationsWhenTextBlockHoldsCommandThenReported() {
    List<String> violations = violations("```text\nThen:\ncurl -s http://localhost:8080\n```\n");

    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).contains("```text block holds a command"), violations.get(0));
  }

  @Test
  void violationsWhenMarkerMalformedThenReported() {
    List<String> violations =
        violations("<!-- run: example colour=red -->\n```sh\ncurl -s x\n```\n");

    assertEquals(List.of("page.md:2: unknown attribute colour"), violations);
  }

  @Test
  void violationsWhenReadmeBlockLosesItsRunMarkerThenReported() {
    String readme = DocCommandsTest.read(DocCommandsTest.ROOT.resolve("README.md"));
    String unmarked = readme.replaceFirst("<!-- run: [^>]*-->\n", "");
    List<MarkdownPage> pages = new ArrayList<>(DocCommandsTest.pages());
    DocCommandRules rules = DocCommandsTest.rules();
    List<String> before = rules.violations(pages);

    pages.set(0, MarkdownPage.parse("README.md", unmarked));
    List<String> after = rules.violations(pages);

    assertEquals(List.of(), before);
    assertTrue(!after.isEmpty(), "no violation");
    assertTrue(after.get(0).startsWith("README.md:"), after.get(0));
    assertTrue(after.get(0).contains("shell block without a run marker"), after.get(0));
  }

  @Test
  void figureProblemsWhenMeasurementLacksDateCommitOrRealCommitThenReported() {
    String page =
        """
        Fine: 230 ms measured end to end (2026-12-04, commit `78372d7`).

        No commit: 230 ms measured on a busy machine on 2026-12-04.

        Unknown commit: measured 2026-12-04 on commit `0000000`.

        A setting, not a measurement: the cache keeps entries 5 min.
        """;

    List<String> problems = DocCommandsTest.figureProblems("page.md", page);

    assertEquals(
        List.of(
            "page.md: a measurement without a date and a commit: No commit: 230 ms measured on a"
                + " busy machine on 2026-12-04.",
            "page.md: no commit 0000000 in this repository"),
        problems);
  }
}
