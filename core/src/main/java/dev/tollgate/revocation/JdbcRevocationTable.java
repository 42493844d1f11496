package dev.tollgate.revocation;

import dev.tollgate.internal.SqlIdentifiers;
import dev.tollgate.internal.SqlScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The SQL of {@link JdbcRevocationRegistry}: prepared statements over one validated table name. */
final class JdbcRevocationTable {
  static final String DEFAULT_NAME = "tollgate_revocation";
  static final String SCHEMA_RESOURCE = "schema.sql";

  /** A row of the table: its id and the change it records. */
  record Row(long id, RevocationChange change) {}

  private final DataSource dataSource;
  private final String name;
  private final int queryTimeoutSeconds;
  private final String insertSql;
  private final String selectSql;

  JdbcRevocationTable(DataSource dataSource, String name, Duration queryTimeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.name = requireTableName(name);
    this.queryTimeoutSeconds =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds()));
    this.insertSql =
        "INSERT INTO "
            + name
            + " (account_id, client_id, revoked_at_ms, lifted, recorded_at_ms, change_kind)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    this.selectSql =
        "SELECT id, account_id, client_id, revoked_at_ms, lifted, change_kind FROM "
            + name
            + " WHERE id > ? ORDER BY id";
  }

  static String requireTableName(String name) {
    return SqlIdentifiers.requireTableName(name, "tableName");
  }

  /** The statements of {@code schema.sql}, for this table's name. */
  List<String> schemaStatements() {
    List<String> statements = new ArrayList<>();
    for (String statement : SqlScripts.statements(JdbcRevocationTable.class, SCHEMA_RESOURCE)) {
      statements.add(statement.replace(DEFAULT_NAME, name));
    }
    return statements;
  }

  void createIfMissing() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      for (String statement : schemaStatements()) {
        try (PreparedStatement ddl = connection.prepareStatement(statement)) {
          ddl.setQueryTimeout(queryTimeoutSeconds);
          ddl.execute();
        }
      }
    }
  }

  /** Appends {@code change}; returns its id. The statement commits before this returns. */
  long insert(RevocationChange change, Instant recordedAt) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(insertSql, Statement.RETURN_GENERATED_KEYS)) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      insert.setQueryTimeout(queryTimeoutSeconds);
      insert.setString(1, change.accountId());
      if (change.clientId() == null) {
        insert.setNull(2, Types.VARCHAR);
      } else {
        insert.setString(2, change.clientId());
      }
      insert.setLong(3, change.at().toEpochMilli());
      insert.setBoolean(4, change.lift());
      insert.setLong(5, recordedAt.toEpochMilli());
      // A lift keeps code 0 with lifted = TRUE, as before the column existed.
      insert.setInt(6, change.lift() ? RevocationChange.Kind.REVOKE.code : change.kind().code);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no generated id for the inserted revocation row");
        }
        // PostgreSQL returns every column here, H2 only the identity: id is first in both.
        return keys.getLong(1);
      }
    }
  }

  /** Every row whose id is above {@code afterId}, in id order. */
  List<Row> readAfter(long afterId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(selectSql)) {
      select.setQueryTimeout(queryTimeoutSeconds);
      select.setLong(1, afterId);
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          RevocationChange.Kind kind =
              result.getBoolean(5)
                  ? RevocationChange.Kind.LIFT
                  : RevocationChange.Kind.of(result.getInt(6));
          RevocationChange change =
              new RevocationChange(
                  result.getString(2),
                  result.getString(3),
                  Instant.ofEpochMilli(result.getLong(4)),
                  kind);
          rows.add(new Row(result.getLong(1), change));
        }
      }
      return rows;
    }
  }

  String name() {
    return name;
  }
}
