package dev.tollgate.testsupport;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The package dependency tables of {@code docs/architecture.md}, and the same tables computed from
 * compiled classes, so a test can hold the page to the code.
 */
public final class ArchitecturePage {
  /** The page, from a module's directory (where Maven runs its tests). */
  public static final Path PAGE = Path.of("..", "docs", "architecture.md");

  private ArchitecturePage() {}

  /**
   * Each package of {@code classes} under {@code prefix}, with the other {@code dev.tollgate}
   * packages its classes use.
   */
  public static Map<String, Set<String>> computed(JavaClasses classes, String prefix) {
    Map<String, Set<String>> table = new TreeMap<>();
    for (JavaClass type : classes) {
      String from = type.getPackageName();
      if (!from.startsWith(prefix)) {
        continue;
      }
      Set<String> targets = table.computeIfAbsent(from, key -> new TreeSet<>());
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        String to = dependency.getTargetClass().getBaseComponentType().getPackageName();
        if (!to.equals(from) && (to.equals("dev.tollgate") || to.startsWith("dev.tollgate."))) {
          targets.add(to);
        }
      }
    }
    return table;
  }

  /**
   * The table of the page's section {@code heading}: package (first column) to the packages of its
   * last column ({@code —} for none), written as {@code `dev.tollgate.x`} or {@code x} for short.
   */
  public static Map<String, Set<String>> documented(String heading) throws IOException {
    String page = Files.readString(PAGE);
    int start = page.indexOf("\n## " + heading + "\n");
    if (start < 0) {
      throw new IllegalStateException("no section '" + heading + "' in " + PAGE);
    }
    int end = page.indexOf("\n## ", start + 1);
    String section = page.substring(start, end < 0 ? page.length() : end);
    Map<String, Set<String>> table = new TreeMap<>();
    for (String line : section.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      // "| `name` | what | depends on |": split keeps the empty strings before the first and after
      // the last bar.
      String[] cells = line.split("\\|", -1);
      String name = packageName(cells[1]);
      String last = cells[cells.length - 2].strip();
      Set<String> targets = new TreeSet<>();
      if (!last.equals("—")) {
        Arrays.stream(last.split(",", -1)).map(ArchitecturePage::packageName).forEach(targets::add);
      }
      table.put(name, targets);
    }
    return table;
  }

  /** A table as the page writes it, for a failure message to copy from. */
  public static String render(Map<String, Set<String>> table) {
    return table.entrySet().stream()
        .map(
            row ->
                "| `"
                    + row.getKey()
                    + "` | "
                    + (row.getValue().isEmpty()
                        ? "—"
                        : row.getValue().stream()
                            .map(ArchitecturePage::shortName)
                            .collect(Collectors.joining(", "))))
        .collect(Collectors.joining("\n"));
  }

  private static String packageName(String cell) {
    String name = cell.strip().replace("`", "");
    return name.startsWith("dev.tollgate") ? name : "dev.tollgate." + name;
  }

  private static String shortName(String name) {
    return name.equals("dev.tollgate")
        ? "`dev.tollgate`"
        : "`" + name.substring("dev.tollgate.".length()) + "`";
  }
}
