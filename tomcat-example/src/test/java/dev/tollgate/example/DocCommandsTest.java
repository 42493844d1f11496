package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shell command README.md and docs/*.md print is run somewhere (docs/contributing.md, "Every
 * command is run"): this test checks each block's run marker against {@code .ci/run}, the scripts
 * it calls and the named tests, runs the {@code run: example} blocks with bash against the example
 * it starts (the example's default origins {@code http://localhost:8080} and {@code :9090}, and a
 * demo account's {@code tgk_…} key, filled in), and compares the banner the pages show with the
 * banner the example prints.
 */
class DocCommandsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern CI_SCRIPT = Pattern.compile("\\.ci/[\\w.-]+");
  private static final long RUN_TIMEOUT_SECONDS = 90;
  private static final Pattern MEASURED =
      Pattern.compile("\\bmeasured\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE = Pattern.compile("\\b20\\d\\d-\\d\\d-\\d\\d\\b");
  private static final Pattern COMMIT = Pattern.compile("commit\\s+`([0-9a-f]{7,40})`");
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

  /** README.md and docs/*.md, by their paths from the repository root. */
  static List<MarkdownPage> pages() {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<MarkdownPage> pages = new ArrayList<>();
    for (Path file : files) {
      String name = ROOT.relativize(file).toString().replace('\\', '/');
      pages.add(MarkdownPage.parse(name, read(file)));
    }
    return pages;
  }

  /** The rules over this repository's {@code .ci} scripts and tomcat-example's tests. */
  static DocCommandRules rules() {
    Set<String> scripts = new LinkedHashSet<>(List.of(".ci/run"));
    List<List<String>> commands = new ArrayList<>();
    List<String> pending = new ArrayList<>(scripts);
    while (!pending.isEmpty()) {
      String script = pending.remove(0);
      String text = read(ROOT.resolve(script));
      commands.addAll(ShellCommands.of(text));
      Matcher called = CI_SCRIPT.matcher(text.replaceAll("(?m)^\\s*#.*$", ""));
      while (called.find()) {
        if (Files.isRegularFile(ROOT.resolve(called.group())) && scripts.add(called.group())) {
          pending.add(called.group());
        }
      }
    }
    return new DocCommandRules(commands, scripts, DocCommandsTest::runnerSource);
  }

  private static Optional<String> runnerSource(String name) {
    if (name.startsWith(".ci/")) {
      Path script = ROOT.resolve(name);
      return Files.isRegularFile(script) ? Optional.of(read(script)) : Optional.empty();
    }
    try (Stream<Path> sources = Files.walk(ROOT.resolve("tomcat-example/src/test/java"))) {
      return sources
          .filter(path -> path.getFileName().toString().equals(name + ".java"))
          .findFirst()
          .map(DocCommandsTest::read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void violationsWhenThisRepositoryCheckedThenEveryCommandIsRunSomewhere() {
    List<String> violations = rules().violations(pages());

    assertEquals(List.of(), violations, String.join("\n", violations));
  }

  @Test
  void pagesWhenScannedThenTheyHoldShellBlocksOfEveryKind() {
    Map<DocMarker.Kind, Long> kinds =
        pages().stream()
            .flatMap(page -> page.blocks().stream())
            .filter(block -> block.comment() != null && block.comment().startsWith("run:"))
            .collect(
                Collectors.groupingBy(
                    block -> DocMarker.parse(block.comment()).kind(), Collectors.counting()));

    // The scan finds what the pages hold, so the rules above cannot pass by finding nothing.
    assertTrue(kinds.getOrDefault(DocMarker.Kind.EXAMPLE, 0L) >= 2, kinds.toString());
    assertTrue(kinds.getOrDefault(DocMarker.Kind.CI, 0L) >= 3, kinds.toString());
    assertTrue(kinds.getOrDefault(DocMarker.Kind.BY, 0L) >= 3, kinds.toString());
  }

  @TestFactory
  Stream<DynamicTest> exampleBlocksWhenRunWithBashThenTheyAnswerAsThePagesSay() {
    List<DynamicTest> tests = new ArrayList<>();
    for (MarkdownPage page : pages()) {
      for (MarkdownPage.Block block : page.blocks()) {
        String comment = block.comment();
        if (comment == null || !comment.startsWith("run: example")) {
          continue;
        }
        DocMarker marker = DocMarker.parse(comment);
        tests.add(
            DynamicTest.dynamicTest(
                page.name() + ":" + block.line(), () -> runAgainstExample(block, marker)));
      }
    }
    assertFalse(tests.isEmpty(), "no run: example block found");
    return tests.stream();
  }

  private static void runAgainstExample(MarkdownPage.Block block, DocMarker marker)
      throws Exception {
    String script = toExample(block.body());
    String key = marker.key();
    if (key != null) {
      script =
          script.replace(
              "tgk_…",
              server
                  .apiKey(key)
                  .orElseThrow(
                      () ->
                          new AssertionError(
                              "key=" + key + ": the example has no API key for that account")));
    }
    Process shell =
        new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = shell.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      shell.destroyForcibly();
    }
    assertTrue(finished, "did not finish:\n" + script);
    assertEquals(0, shell.exitValue(), script + "\n---\n" + output);
    for (String expect : marker.expects()) {
      assertTrue(
          Pattern.compile(expect, Pattern.MULTILINE).matcher(output).find(),
          "expected /" + expect + "/ in:\n" + output);
    }
  }

  /** The pages' example origins turned into the running example's. */
  private static String toExample(String text) {
    return text.replaceAll(
            Pattern.quote("http://localhost:8080") + "(?!\\d)",
            Matcher.quoteReplacement(ExampleConfig.origin(server.resource())))
        .replaceAll(
            Pattern.quote("http://localhost:9090") + "(?!\\d)", Matcher.quoteReplacement(issuer()));
  }

  private static String issuer() {
    return server.devAuthorizationServer().orElseThrow().issuer().toString();
  }

  @Test
  void bannerWhenPrintedThenAsThePagesShowIt() {
    List<MarkdownPage.Block> banners =
        pages().stream()
            .flatMap(page -> page.blocks().stream())
            .filter(block -> "output: banner".equals(block.comment()))
            .toList();
    assertFalse(banners.isEmpty(), "no output: banner block found");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    server.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> printed = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    for (MarkdownPage.Block banner : banners) {
      List<String> shown = toExample(banner.body()).lines().toList();
      assertEquals(shown.size(), printed.size(), String.join("\n", printed));
      for (int i = 0; i < shown.size(); i++) {
        String pattern =
            Stream.of(
                    shown
                        .get(i)
                        .replace("127.0.0.1:8080", "127.0.0.1:" + server.port())
                        .split("…", -1))
                .map(Pattern::quote)
                .collect(Collectors.joining(".*"));
        assertTrue(
            printed.get(i).matches(pattern),
            "banner line " + (i + 1) + ": shown\n" + shown.get(i) + "\nprinted\n" + printed.get(i));
      }
    }
  }

  @Test
  void figuresWhenMeasuredThenDatedWithACommitOfThisRepository() {
    List<String> problems = new ArrayList<>();
    for (MarkdownPage page : pages()) {
      problems.addAll(figureProblems(page.name(), read(ROOT.resolve(page.name()))));
    }

    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  /** Paragraphs that speak of a measurement but name no date, no commit, or an unknown commit. */
  static List<String> figureProblems(String name, String text) {
    List<String> problems = new ArrayList<>();
    for (String paragraph : text.split("\n\\s*\n")) {
      if (!MEASURED.matcher(paragraph).find()) {
        continue;
      }
      Matcher commit = COMMIT.matcher(paragraph);
      if (!DATE.matcher(paragraph).find() || !commit.find()) {
        problems.add(name + ": a measurement without a date and a commit: " + paragraph.strip());
        continue;
      }
      commit.reset();
      while (commit.find()) {
        if (!isCommit(commit.group(1))) {
          problems.add(name + ": no commit " + commit.group(1) + " in this repository");
        }
      }
    }
    return problems;
  }

  /** Without git (a source archive), the commits cannot be looked up; their presence still is. */
  private static boolean isCommit(String sha) {
    if (!Files.exists(ROOT.resolve(".git"))) {
      return true;
    }
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "--verify", "--quiet", sha + "^{commit}")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .start();
      git.getInputStream().readAllBytes();
      return git.waitFor() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("git rev-parse " + sha, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
