package dev.tollgate.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Simple commands of a shell script, for comparing a command a page prints with the commands CI
 * runs: continuation lines joined, comments dropped, lists and pipelines split at {@code &&},
 * {@code ||}, {@code ;}, {@code |} and {@code &}, redirections dropped, words kept as written
 * (quotes included). A leading {@code sudo} is dropped (CI runs as root), and Maven's log-only
 * options ({@code -B}, {@code -ntp}, {@code -q} and their long forms) are dropped from {@code
 * ./mvnw} commands, since they change what is printed, not what is built.
 */
final class ShellCommands {
  private static final Set<String> MAVEN_LOG_OPTIONS =
      Set.of("-B", "--batch-mode", "-ntp", "--no-transfer-progress", "-q", "--quiet");
  private static final Set<String> OPERATORS = Set.of("&&", "||", ";", "|", "&");
  private static final Pattern REDIRECTION = Pattern.compile("^(\\d*>>?|&>|<|\\d*>&)(.*)$");
  private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=.*$");

  private ShellCommands() {}

  /** The simple commands of a script, each as its words. */
  static List<List<String>> of(String script) {
    List<List<String>> commands = new ArrayList<>();
    List<String> command = new ArrayList<>();
    for (String word : words(script.replace("\\\n", " "))) {
      if (OPERATORS.contains(word) || word.equals("\n")) {
        add(commands, command);
        command = new ArrayList<>();
      } else {
        command.add(word);
      }
    }
    add(commands, command);
    return commands;
  }

  /** {@code command} is {@code candidate}, or {@code candidate} after variable assignments. */
  static boolean runs(List<String> candidate, List<String> command) {
    int extra = candidate.size() - command.size();
    if (extra < 0 || !candidate.subList(extra, candidate.size()).equals(command)) {
      return false;
    }
    return candidate.subList(0, extra).stream()
        .allMatch(word -> ASSIGNMENT.matcher(word).matches());
  }

  private static void add(List<List<String>> commands, List<String> words) {
    List<String> command = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      var redirection = REDIRECTION.matcher(words.get(i));
      if (redirection.matches()) {
        if (redirection.group(2).isEmpty()) {
          i++; // the target is the next word
        }
        continue;
      }
      command.add(words.get(i));
    }
    if (!command.isEmpty() && command.get(0).equals("sudo")) {
      command.remove(0);
    }
    boolean maven =
        command.stream()
            .filter(word -> !ASSIGNMENT.matcher(word).matches())
            .findFirst()
            .map(word -> word.endsWith("mvnw") || word.equals("mvn"))
            .orElse(false);
    if (maven) {
      command.removeIf(MAVEN_LOG_OPTIONS::contains);
    }
    if (!command.isEmpty()) {
      commands.add(List.copyOf(command));
    }
  }

  /** Words and operators; a line break outside quotes is returned as {@code "\n"}. */
  private static List<String> words(String script) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (quote != 0) {
        word.append(c);
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < script.length()) {
          word.append(script.charAt(++i));
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word.append(c);
      } else if (c == '\\' && i + 1 < script.length()) {
        word.append(c).append(script.charAt(++i));
      } else if (c == '#' && word.length() == 0) {
        while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == ' ' || c == '\t' || c == '\n') {
        flush(words, word);
        if (c == '\n') {
          words.add("\n");
        }
      } else if (c == '&' || c == '|' || c == ';') {
        if (c == '&' && word.length() > 0 && word.charAt(word.length() - 1) == '>') {
          word.append(c); // 2>&1, >&2
          continue;
        }
        flush(words, word);
        boolean doubled = i + 1 < script.length() && script.charAt(i + 1) == c && c != ';';
        words.add(doubled ? "" + c + c : "" + c);
        if (doubled) {
          i++;
        }
      } else {
        word.append(c);
      }
    }
    flush(words, word);
    return words;
  }

  private static void flush(List<String> words, StringBuilder word) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }
}
