package dev.tollgate.account.connections;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.internal.JdbcAccess;
import dev.tollgate.internal.SqlIdentifiers;
import dev.tollgate.internal.SqlScripts;
import dev.tollgate.internal.SqlTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import javax.sql.DataSource;

/**
 * A {@link ConnectionStore} in a relational database, over plain JDBC and prepared statements;
 * tested on PostgreSQL and H2. The schema is the resource {@code
 * dev/tollgate/account/connections/schema.sql}.
 *
 * <p>{@link #record} is a portable upsert: read the row, then either insert it (a racing insert
 * loses on the primary key and retries as an update) or update it by compare-and-set on the stored
 * scopes (a racing update makes it retry with the new union). A round fails only when another
 * writer's round succeeded meanwhile, so {@value #MAX_ATTEMPTS} rounds always suffice for that many
 * concurrent writers of one (account, client) pair; the recorder's throttle makes more than one a
 * rarity, and the bound keeps a pathological store from holding a request. No vendor syntax ({@code
 * ON CONFLICT}, {@code MERGE}) is needed, so the same SQL runs on both databases.
 *
 * <p>Each call borrows one connection from the {@link DataSource} (use a pool) in auto-commit mode.
 * Any {@link SQLException} becomes a {@link DependencyUnavailableException} named {@value
 * #DEPENDENCY}.
 */
public final class JdbcConnectionStore implements ConnectionStore {
  /** The dependency name in {@link DependencyUnavailableException}s. */
  public static final String DEPENDENCY = "connection-store";

  /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
  public static final String DEFAULT_TABLE = "tollgate_connection";

  static final int MAX_ATTEMPTS = 8;

  private static final String SCHEMA_RESOURCE = "schema.sql";
  private static final String COLUMNS =
      "account_id, client_id, first_used_at, last_used_at, scopes";

  private final JdbcAccess jdbc;
  private final String table;
  private final String findSql;
  private final String listSql;
  private final String insertSql;
  private final String updateSql;
  private final String deleteSql;

  private JdbcConnectionStore(Builder builder) {
    this.jdbc = JdbcAccess.of(builder.dataSource, DEPENDENCY, builder.queryTimeout);
    this.table = builder.table;
    this.findSql =
        "SELECT " + COLUMNS + " FROM " + table + " WHERE account_id = ? AND client_id = ?";
    this.listSql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + table
            + " WHERE account_id = ? ORDER BY last_used_at DESC, client_id";
    this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    this.updateSql =
        "UPDATE "
            + table
            + " SET scopes = ?,"
            + " first_used_at = CASE WHEN first_used_at > ? THEN ? ELSE first_used_at END,"
            + " last_used_at = CASE WHEN last_used_at < ? THEN ? ELSE last_used_at END"
            + " WHERE account_id = ? AND client_id = ? AND scopes = ?";
    this.deleteSql = "DELETE FROM " + table + " WHERE account_id = ? AND client_id = ?";
  }

  /** Starts a store over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The table this store reads and writes. */
  public String tableName() {
    return table;
  }

  /**
   * Creates the table from {@code schema.sql} unless it exists already, so it is safe to call at
   * every start-up. Run it from one node (or a migration tool) at a time: PostgreSQL may fail one
   * of two racing {@code CREATE TABLE IF NOT EXISTS}; that failure is a {@link
   * DependencyUnavailableException} and a retry succeeds.
   */
  public void createSchemaIfMissing() {
    jdbc.createSchema(JdbcConnectionStore.class, SCHEMA_RESOURCE, DEFAULT_TABLE, table);
  }

  /** The schema resource's statements for the default table, comments removed. */
  static String schemaSql() {
    return String.join(
        ";\n",
        SqlScripts.statements(
            JdbcConnectionStore.class, SCHEMA_RESOURCE, DEFAULT_TABLE, DEFAULT_TABLE));
  }

  @Override
  public void record(String accountId, String clientId, Set<String> scopes, Instant at) {
    ConnectedClient.requireAccountId(accountId);
    ConnectedClient.requireClientId(clientId);
    Objects.requireNonNull(scopes, "scopes == null");
    Instant when = Objects.requireNonNull(at, "at == null").truncatedTo(ChronoUnit.MILLIS);
    boolean recorded =
        jdbc.withConnection(
            connection -> {
              for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<ConnectedClient> current = findOne(connection, accountId, clientId);
                if (current.isEmpty()) {
                  if (insert(
                      connection, accountId, clientId, ScopeUnion.of(Set.of(), scopes), when)) {
                    return true;
                  }
                } else if (update(connection, current.get(), scopes, when)) {
                  return true;
                }
              }
              return false;
            });
    if (!recorded) {
      throw jdbc.unavailable(null);
    }
  }

  private boolean insert(
      Connection connection,
      String accountId,
      String clientId,
      SortedSet<String> scopes,
      Instant at)
      throws SQLException {
    try (PreparedStatement statement = jdbc.prepare(connection, insertSql)) {
      statement.setString(1, accountId);
      statement.setString(2, clientId);
      SqlTimestamps.set(statement, 3, at);
      SqlTimestamps.set(statement, 4, at);
      statement.setString(5, ScopeUnion.join(scopes));
      return JdbcAccess.insertUnlessDuplicate(statement);
    }
  }

  private boolean update(
      Connection connection, ConnectedClient current, Set<String> seen, Instant at)
      throws SQLException {
    try (PreparedStatement statement = jdbc.prepare(connection, updateSql)) {
      statement.setString(1, ScopeUnion.join(ScopeUnion.of(current.scopes(), seen)));
      for (int index = 2; index <= 5; index++) {
        SqlTimestamps.set(statement, index, at);
      }
      statement.setString(6, current.accountId());
      statement.setString(7, current.clientId());
      statement.setString(8, ScopeUnion.join(current.scopes()));
      return statement.executeUpdate() == 1;
    }
  }

  @Override
  public List<ConnectedClient> list(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, listSql)) {
            statement.setMaxRows(MAX_LISTED);
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
              List<ConnectedClient> clients = new ArrayList<>();
              while (rows.next() && clients.size() < MAX_LISTED) {
                clients.add(read(rows));
              }
              return List.copyOf(clients);
            }
          }
        });
  }

  @Override
  public Optional<ConnectedClient> find(String accountId, String clientId) {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(clientId, "clientId == null");
    return jdbc.withConnection(connection -> findOne(connection, accountId, clientId));
  }

  @Override
  public boolean remove(String accountId, String clientId) {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(clientId, "clientId == null");
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, deleteSql)) {
            statement.setString(1, accountId);
            statement.setString(2, clientId);
            return statement.executeUpdate() == 1;
          }
        });
  }

  private Optional<ConnectedClient> findOne(
      Connection connection, String accountId, String clientId) throws SQLException {
    try (PreparedStatement statement = jdbc.prepare(connection, findSql)) {
      statement.setString(1, accountId);
      statement.setString(2, clientId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static ConnectedClient read(ResultSet rows) throws SQLException {
    return new ConnectedClient(
        rows.getString(1),
        rows.getString(2),
        SqlTimestamps.get(rows, 3),
        SqlTimestamps.get(rows, 4),
        ScopeUnion.split(rows.getString(5)));
  }

  @Override
  public String toString() {
    return "JdbcConnectionStore[" + table + "]";
  }

  /** Configures a {@link JdbcConnectionStore}; every value is checked as it is set. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration queryTimeout = Duration.ofSeconds(5);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * The table, default {@value JdbcConnectionStore#DEFAULT_TABLE}: an unquoted SQL identifier,
     * optionally schema-qualified ({@code accounts.connections}), each part at most 54 characters
     * (the one rule of all JDBC stores). It is spliced into SQL, hence the strict check.
     */
    public Builder tableName(String tableName) {
      this.table = SqlIdentifiers.requireTableName(tableName, "tableName");
      return this;
    }

    /**
     * How long one statement may run, default 5 seconds, in whole seconds as JDBC wants: a stuck
     * database must become an error the account page can show, not a hang.
     */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = JdbcAccess.requireQueryTimeout(queryTimeout);
      return this;
    }

    public JdbcConnectionStore build() {
      return new JdbcConnectionStore(this);
    }
  }
}
