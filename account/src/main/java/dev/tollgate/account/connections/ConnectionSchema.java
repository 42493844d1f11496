package dev.tollgate.account.connections;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The resource {@code schema.sql}, run with the configured table name in place of the default. */
final class ConnectionSchema {
  private static final String RESOURCE = "schema.sql";
  private static final Pattern DEFAULT_TABLE_WORD =
      Pattern.compile("\\b" + JdbcConnectionStore.DEFAULT_TABLE + "\\b");

  private ConnectionSchema() {}

  /** Runs the schema's statements for {@code table}, which the builder has validated. */
  static void create(DataSource dataSource, String table) throws SQLException {
    String ddl = DEFAULT_TABLE_WORD.matcher(sql()).replaceAll(table);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : ddl.split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql);
        }
      }
    }
  }

  /** The schema resource, comments removed. */
  static String sql() {
    try (InputStream in = ConnectionSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/tollgate/account/connections/" + RESOURCE);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replaceAll("(?m)^\\s*--.*$", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
