package dev.tollgate.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the schema scripts that ship next to the JDBC stores. A script holds statements ended by
 * {@code ;} and whole-line {@code --} comments, nothing fancier, so it can be split without a SQL
 * parser and still be run by hand as it is. Not API.
 */
public final class SqlScripts {
  private SqlScripts() {}

  /**
   * The statements of the resource {@code name} next to {@code anchor}, in order, comment lines
   * removed, each stripped of surrounding white space.
   *
   * @throws IllegalStateException when the resource is missing (a broken build)
   */
  public static List<String> statements(Class<?> anchor, String name) {
    String script;
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + anchor.getPackageName().replace('.', '/') + "/" + name);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }
}
