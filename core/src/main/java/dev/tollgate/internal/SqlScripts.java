package dev.tollgate.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the schema scripts that ship next to the JDBC stores. A script holds statements ended by
 * {@code ;} and whole-line {@code --} comments, nothing fancier, so it can be split without a SQL
 * parser. It names the store's default table, so it can also be run by hand as it is; a store puts
 * its configured name in place of the default one (see {@link #statements(Class, String, String,
 * String)}). Not API.
 */
public final class SqlScripts {
  private SqlScripts() {}

  /**
   * The statements of the resource {@code resource} next to {@code anchor}, in order, comment lines
   * removed, each stripped of surrounding white space, with {@code name} (already validated by
   * {@link SqlIdentifiers}) in place of {@code defaultName}. The default name is replaced where it
   * is a whole identifier or the stem of a derived one ({@code <defaultName>_charges}): where no
   * identifier character precedes it and no letter, digit or {@code $} follows it.
   *
   * @throws IllegalStateException when the resource is missing (a broken build)
   */
  public static List<String> statements(
      Class<?> anchor, String resource, String defaultName, String name) {
    Pattern stem =
        Pattern.compile("(?<![A-Za-z0-9_$.])" + Pattern.quote(defaultName) + "(?![A-Za-z0-9$])");
    String replacement = Matcher.quoteReplacement(name);
    List<String> statements = new ArrayList<>();
    for (String statement : statements(anchor, resource)) {
      statements.add(stem.matcher(statement).replaceAll(replacement));
    }
    return statements;
  }

  /** The statements of {@code resource} as they are, comment lines removed. */
  static List<String> statements(Class<?> anchor, String resource) {
    String script;
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + anchor.getPackageName().replace('.', '/') + "/" + resource);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";", -1)) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }
}
