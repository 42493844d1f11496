package dev.tollgate.revocation;

import dev.tollgate.internal.JdbcAccess;
import dev.tollgate.internal.SqlIdentifiers;
import dev.tollgate.internal.SqlScripts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of {@link JdbcRevocationRegistry}: prepared statements over one validated table name.
 * Failures are {@link dev.tollgate.DependencyUnavailableException}s named {@value
 * JdbcRevocationRegistry#DEPENDENCY}.
 */
final class JdbcRevocationTable {
  static final String DEFAULT_NAME = "tollgate_revocation";
  static final String SCHEMA_RESOURCE = "schema.sql";

  /** A row of the table: its id and the change it records. */
  record Row(long id, RevocationChange change) {}

  private final JdbcAccess jdbc;
  private final String name;
  private final String insertSql;
  private final String selectSql;

  JdbcRevocationTable(DataSource dataSource, String name, Duration queryTimeout) {
    this.jdbc = JdbcAccess.of(dataSource, JdbcRevocationRegistry.DEPENDENCY, queryTimeout);
    this.name = requireTableName(name);
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
    return SqlScripts.statements(JdbcRevocationTable.class, SCHEMA_RESOURCE, DEFAULT_NAME, name);
  }

  void createIfMissing() {
    jdbc.createSchema(JdbcRevocationTable.class, SCHEMA_RESOURCE, DEFAULT_NAME, name);
  }

  /**
   * Appends {@code change} and returns its id; the row is committed before this returns. With
   * {@code notifications} (on PostgreSQL) the change is announced in the same transaction, so
   * listeners hear of it only once it is committed, and never of a change that was rolled back.
   */
  long insert(
      RevocationChange change,
      Instant recordedAt,
      @Nullable RevocationNotifications notifications) {
    return jdbc.inTransaction(
        connection -> {
          long id;
          try (PreparedStatement insert = jdbc.prepareReturningKeys(connection, insertSql)) {
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
            insert.setInt(
                6, change.lift() ? RevocationChange.Kind.REVOKE.code : change.kind().code);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new SQLException("no generated id for the inserted revocation row");
              }
              // PostgreSQL returns every column here, H2 only the identity: id is first in both.
              id = keys.getLong(1);
            }
          }
          if (notifications != null) {
            notifications.announce(connection);
          }
          return id;
        });
  }

  /** Every row whose id is above {@code afterId}, in id order. */
  List<Row> readAfter(long afterId) {
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement select = jdbc.prepare(connection, selectSql)) {
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
        });
  }

  /** Access to the table's database, for the notifications of {@link RevocationNotifications}. */
  JdbcAccess jdbc() {
    return jdbc;
  }

  String name() {
    return name;
  }
}
