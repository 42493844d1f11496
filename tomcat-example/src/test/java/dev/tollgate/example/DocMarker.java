package dev.tollgate.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HTML comment above a shell block that says where the block is run (see docs/contributing.md,
 * "Every command is run"):
 *
 * <ul>
 *   <li>{@code <!-- run: example [key=ACCOUNT] [expect='REGEX']… -->}: {@code DocCommandsTest} runs
 *       it with bash against the example it starts;
 *   <li>{@code <!-- run: ci -->}: each of its commands is a command {@code .ci/run} (or a {@code
 *       .ci} script it calls) runs;
 *   <li>{@code <!-- run: by NAME as ID -->}: the test class or {@code .ci} script NAME finds the
 *       block by this very comment and runs it.
 * </ul>
 *
 * <p>{@code <!-- output: banner -->} marks a non-shell block as the example's start-up banner,
 * which {@code DocCommandsTest} compares with the banner the example prints.
 */
record DocMarker(Kind kind, String text, @Nullable String key, List<String> expects, String by) {
  private static final Pattern EXAMPLE =
      Pattern.compile("run: example((?:\\s+\\w+=(?:'[^']*'|\"[^\"]*\"|\\S+))*)");
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=('[^']*'|\"[^\"]*\"|\\S+)");
  private static final Pattern BY = Pattern.compile("run: by ([\\w./-]+) as [\\w-]+");

  enum Kind {
    EXAMPLE,
    CI,
    BY,
    OUTPUT_BANNER
  }

  DocMarker {
    Objects.requireNonNull(kind, "kind == null");
    expects = List.copyOf(expects);
  }

  /** The marker a comment states, or a message saying what is wrong with it. */
  static DocMarker parse(String comment) {
    String text = "<!-- " + comment + " -->";
    if (comment.equals("run: ci")) {
      return new DocMarker(Kind.CI, text, null, List.of(), "");
    }
    if (comment.equals("output: banner")) {
      return new DocMarker(Kind.OUTPUT_BANNER, text, null, List.of(), "");
    }
    Matcher by = BY.matcher(comment);
    if (by.matches()) {
      return new DocMarker(Kind.BY, text, null, List.of(), by.group(1));
    }
    Matcher example = EXAMPLE.matcher(comment);
    if (example.matches()) {
      String key = null;
      List<String> expects = new ArrayList<>();
      Matcher attribute = ATTRIBUTE.matcher(example.group(1));
      while (attribute.find()) {
        String value = attribute.group(2).replaceAll("^['\"]|['\"]$", "");
        switch (attribute.group(1)) {
          case "key" -> key = value;
          case "expect" -> expects.add(value);
          default -> throw new IllegalArgumentException("unknown attribute " + attribute.group(1));
        }
      }
      return new DocMarker(Kind.EXAMPLE, text, key, expects, "");
    }
    throw new IllegalArgumentException("not a run marker: " + text);
  }
}
