package dev.tollgate.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules that keep every command README.md and docs/ print run somewhere (docs/contributing.md):
 * every code block is labeled, every shell block carries a {@link DocMarker} whose promise holds,
 * command lines hide in no other block, and an inline command in prose is one a marked block runs.
 *
 * @param ciCommands the simple commands {@code .ci/run} and the scripts it calls run
 * @param ciScripts the scripts {@code .ci/run} runs, {@code .ci/run} included, as {@code .ci/NAME}
 * @param runnerSource the source of a test class (by simple name) or {@code .ci} script (by path)
 */
record DocCommandRules(
    List<List<String>> ciCommands,
    Set<String> ciScripts,
    Function<String, Optional<String>> runnerSource) {
  static final Set<String> SHELL_LANGUAGES = Set.of("sh", "bash", "shell", "console", "zsh");
  private static final Set<String> COMMAND_WORDS =
      Set.of(
          "./mvnw", "mvnw", "mvn", "curl", "java", "npx", "npm", "node", "sudo", "bash", "sh",
          "export", "apt-get", "apt", "docker", "podman", "claude", "git", "wrk", "cd", "for");

  DocCommandRules {
    ciCommands = List.copyOf(ciCommands);
    ciScripts = Set.copyOf(ciScripts);
  }

  /** Every broken rule, as {@code page:line: what}. */
  List<String> violations(List<MarkdownPage> pages) {
    List<String> violations = new ArrayList<>();
    Set<String> blockCommands = new java.util.HashSet<>();
    for (MarkdownPage page : pages) {
      for (MarkdownPage.Block block : page.blocks()) {
        String where = page.name() + ":" + block.line() + ": ";
        check(block).ifPresent(problem -> violations.add(where + problem));
        if (SHELL_LANGUAGES.contains(block.language()) && block.comment() != null) {
          ShellCommands.of(block.body())
              .forEach(words -> blockCommands.add(String.join(" ", words)));
        }
      }
    }
    for (MarkdownPage page : pages) {
      for (MarkdownPage.Span span : page.spans()) {
        if (!looksLikeCommand(span.text())) {
          continue;
        }
        for (List<String> command : ShellCommands.of(span.text())) {
          if (!blockCommands.contains(String.join(" ", command))) {
            violations.add(
                page.name()
                    + ":"
                    + span.line()
                    + ": inline command `"
                    + span.text()
                    + "` is no command of a marked shell block: put it in one (with a run marker)"
                    + " or repeat one verbatim");
          }
        }
      }
    }
    return violations;
  }

  private Optional<String> check(MarkdownPage.Block block) {
    if (block.indented()) {
      return Optional.of(
          "indented code block: fence it and label it (```sh with a run marker for"
              + " commands, ```text for output)");
    }
    if (block.language().isEmpty()) {
      return Optional.of(
          "unlabeled code fence: label it (```sh with a run marker for commands,"
              + " ```text for output)");
    }
    boolean shell = SHELL_LANGUAGES.contains(block.language());
    String comment = block.comment();
    DocMarker marker;
    if (comment == null || !(comment.startsWith("run:") || comment.startsWith("output:"))) {
      if (shell) {
        return Optional.of(
            "shell block without a run marker (<!-- run: example|ci|by NAME as ID -->)");
      }
      return commandLine(block)
          .map(
              line ->
                  "```"
                      + block.language()
                      + " block holds a command ("
                      + line
                      + "): make it a ```sh block with a run marker");
    }
    try {
      marker = DocMarker.parse(comment);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (shell == (marker.kind() == DocMarker.Kind.OUTPUT_BANNER)) {
      return Optional.of(marker.text() + " on a ```" + block.language() + " block");
    }
    return switch (marker.kind()) {
      case CI -> ciProblem(block);
      case BY -> byProblem(marker);
      case EXAMPLE, OUTPUT_BANNER -> Optional.empty(); // DocCommandsTest runs and compares them
    };
  }

  private Optional<String> ciProblem(MarkdownPage.Block block) {
    List<String> missing = new ArrayList<>();
    for (List<String> command : ShellCommands.of(block.body())) {
      if (ciCommands.stream().noneMatch(ci -> ShellCommands.runs(ci, command))) {
        missing.add(String.join(" ", command));
      }
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "run: ci, but .ci/run runs no such command: "
                + missing.stream().collect(Collectors.joining(" | ")));
  }

  private Optional<String> byProblem(DocMarker marker) {
    Optional<String> source = runnerSource.apply(marker.by());
    if (source.isEmpty()) {
      return Optional.of(marker.text() + ": no test class or .ci script " + marker.by());
    }
    if (!source.orElseThrow().contains(marker.text())) {
      return Optional.of(
          marker.text()
              + ": "
              + marker.by()
              + " does not find the block by this"
              + " marker (it must contain the marker verbatim)");
    }
    if (marker.by().startsWith(".ci/") && !ciScripts.contains(marker.by())) {
      return Optional.of(marker.text() + ": .ci/run does not run " + marker.by());
    }
    return Optional.empty();
  }

  private static Optional<String> commandLine(MarkdownPage.Block block) {
    return block
        .body()
        .lines()
        .map(String::strip)
        .filter(DocCommandRules::looksLikeCommand)
        .findFirst();
  }

  /** Two or more words, the first (after variable assignments) a command or a script path. */
  static boolean looksLikeCommand(String text) {
    List<String> words = List.of(text.strip().split("\\s+"));
    int first = 0;
    while (first < words.size() && words.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      first++;
    }
    if (words.size() - first < 2) {
      return false;
    }
    String word = words.get(first);
    return COMMAND_WORDS.contains(word)
        || word.startsWith("./")
        || word.startsWith(".ci/")
        || word.endsWith(".sh");
  }
}
