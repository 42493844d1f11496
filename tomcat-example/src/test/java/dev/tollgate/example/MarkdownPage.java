package dev.tollgate.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The code of one Markdown page as a reader sees it: its code blocks (fenced, or indented four
 * spaces), each with its fence's language and the HTML comment just above it, and the inline code
 * spans of its prose, each with the line it starts on.
 */
record MarkdownPage(String name, List<Block> blocks, List<Span> spans) {
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
  private static final Pattern COMMENT = Pattern.compile("^\\s*<!--(.*)-->\\s*$");
  private static final Pattern SPAN = Pattern.compile("(`+)(.+?)\\1", Pattern.DOTALL);

  MarkdownPage {
    Objects.requireNonNull(name, "name == null");
    blocks = List.copyOf(blocks);
    spans = List.copyOf(spans);
  }

  /**
   * A code block.
   *
   * @param line the line of its opening fence (or first line), counted from 1
   * @param language the fence's info string, empty for an unlabeled fence or an indented block
   * @param indented whether it is an indented block rather than a fenced one
   * @param comment the text of the HTML comment on the nearest non-blank line above it, if any
   * @param body its lines, the fence's indentation removed
   */
  record Block(
      int line, String language, boolean indented, @Nullable String comment, String body) {}

  /** An inline code span, its text with line breaks turned into spaces. */
  record Span(int line, String text) {}

  static MarkdownPage parse(String name, String text) {
    List<String> lines = text.lines().toList();
    List<Block> blocks = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    List<String> paragraph = new ArrayList<>();
    int paragraphStart = 0;
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      boolean afterBlank = i == 0 || lines.get(i - 1).isBlank();
      if (fence.matches()) {
        spans.addAll(spans(paragraph, paragraphStart));
        paragraph.clear();
        int end = closingFence(lines, i + 1, fence.group(2));
        String body =
            String.join("\n", unindent(lines.subList(i + 1, end), fence.group(1).length()));
        blocks.add(new Block(i + 1, fence.group(3), false, commentAbove(lines, i), body));
        i = end + 1;
      } else if (afterBlank && paragraph.isEmpty() && isIndentedCode(line)) {
        int end = i;
        while (end < lines.size() && (isIndentedCode(lines.get(end)) || lines.get(end).isBlank())) {
          end++;
        }
        while (lines.get(end - 1).isBlank()) {
          end--;
        }
        String body = String.join("\n", unindent(lines.subList(i, end), 4));
        blocks.add(new Block(i + 1, "", true, commentAbove(lines, i), body));
        i = end;
      } else if (line.isBlank()) {
        spans.addAll(spans(paragraph, paragraphStart));
        paragraph.clear();
        i++;
      } else {
        if (paragraph.isEmpty()) {
          paragraphStart = i + 1;
        }
        paragraph.add(line);
        i++;
      }
    }
    spans.addAll(spans(paragraph, paragraphStart));
    return new MarkdownPage(name, blocks, spans);
  }

  private static boolean isIndentedCode(String line) {
    return !line.isBlank() && (line.startsWith("    ") || line.startsWith("\t"));
  }

  private static int closingFence(List<String> lines, int from, String fence) {
    for (int j = from; j < lines.size(); j++) {
      String stripped = lines.get(j).strip();
      if (stripped.length() >= fence.length()
          && stripped.chars().allMatch(c -> c == fence.charAt(0))) {
        return j;
      }
    }
    throw new IllegalArgumentException("unclosed code fence at line " + from);
  }

  private static List<String> unindent(List<String> lines, int indent) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      int strip = 0;
      while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
        strip++;
      }
      out.add(line.substring(strip));
    }
    return out;
  }

  private static @Nullable String commentAbove(List<String> lines, int index) {
    for (int j = index - 1; j >= 0; j--) {
      if (!lines.get(j).isBlank()) {
        Matcher comment = COMMENT.matcher(lines.get(j));
        return comment.matches() ? comment.group(1).strip() : null;
      }
    }
    return null;
  }

  private static List<Span> spans(List<String> paragraph, int firstLine) {
    String text = String.join("\n", paragraph);
    List<Span> spans = new ArrayList<>();
    Matcher span = SPAN.matcher(text);
    while (span.find()) {
      int line =
          firstLine + (int) text.substring(0, span.start()).chars().filter(c -> c == '\n').count();
      spans.add(new Span(line, span.group(2).replaceAll("\\s+", " ").strip()));
    }
    return spans;
  }
}
