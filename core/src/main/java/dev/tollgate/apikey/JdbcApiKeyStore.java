package dev.tollgate.apikey;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.internal.JdbcAccess;
import dev.tollgate.internal.SqlIdentifiers;
import dev.tollgate.internal.SqlScripts;
import dev.tollgate.internal.SqlTimestamps;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An {@link ApiKeyStore} in a relational database, over plain JDBC and prepared statements; tested
 * on PostgreSQL and H2. The schema is the resource {@code dev/tollgate/apikey/schema.sql}.
 *
 * <p>The database enforces the invariants: the primary key on {@code account_id} allows one key per
 * account even under racing inserts, and a renewal is one {@code UPDATE} of that row, so readers
 * see the old key or the new one, never both nor neither. Each call borrows one connection from the
 * {@link DataSource} (use a pool) in auto-commit mode. Any {@link java.sql.SQLException} becomes a
 * {@link DependencyUnavailableException} named {@value #DEPENDENCY}.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
  /** The dependency name in {@link DependencyUnavailableException}s. */
  public static final String DEPENDENCY = "api-key-store";

  /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
  public static final String DEFAULT_TABLE = "tollgate_api_key";

  private static final String SCHEMA_RESOURCE = "schema.sql";
  private static final String COLUMNS =
      "account_id, key_hash, display_prefix, created_at, last_used_at";

  private final JdbcAccess jdbc;
  private final String table;
  private final String insertSql;
  private final String findByHashSql;
  private final String findByAccountSql;
  private final String replaceSql;
  private final String deleteSql;
  private final String recordUseSql;

  private JdbcApiKeyStore(Builder builder) {
    this.jdbc = JdbcAccess.of(builder.dataSource, DEPENDENCY, builder.queryTimeout);
    this.table = builder.table;
    this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    this.findByHashSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE key_hash = ?";
    this.findByAccountSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE account_id = ?";
    this.replaceSql =
        "UPDATE "
            + table
            + " SET key_hash = ?, display_prefix = ?, created_at = ?,"
            + " last_used_at = NULL WHERE account_id = ?";
    this.deleteSql = "DELETE FROM " + table + " WHERE account_id = ?";
    this.recordUseSql =
        "UPDATE "
            + table
            + " SET last_used_at = ? WHERE key_hash = ?"
            + " AND (last_used_at IS NULL OR last_used_at < ?)";
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
    jdbc.createSchema(JdbcApiKeyStore.class, SCHEMA_RESOURCE, DEFAULT_TABLE, table);
  }

  /** The schema resource, comments removed. */
  static String schemaSql() {
    return String.join(
        ";\n",
        SqlScripts.statements(
            JdbcApiKeyStore.class, SCHEMA_RESOURCE, DEFAULT_TABLE, DEFAULT_TABLE));
  }

  @Override
  public boolean insert(ApiKeyRecord record) {
    Objects.requireNonNull(record, "record == null");
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, insertSql)) {
            statement.setString(1, record.accountId());
            statement.setString(2, record.keyHash());
            statement.setString(3, record.displayPrefix());
            SqlTimestamps.set(statement, 4, record.createdAt());
            SqlTimestamps.set(statement, 5, record.lastUsedAt());
            return JdbcAccess.insertUnlessDuplicate(statement);
          }
        });
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash == null");
    return findOne(findByHashSql, keyHash);
  }

  @Override
  public Optional<ApiKeyRecord> findByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return findOne(findByAccountSql, accountId);
  }

  @Override
  public boolean replace(ApiKeyRecord next) {
    Objects.requireNonNull(next, "next == null");
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, replaceSql)) {
            statement.setString(1, next.keyHash());
            statement.setString(2, next.displayPrefix());
            SqlTimestamps.set(statement, 3, next.createdAt());
            statement.setString(4, next.accountId());
            return statement.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, deleteSql)) {
            statement.setString(1, accountId);
            return statement.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void recordUse(String keyHash, Instant at) {
    Objects.requireNonNull(keyHash, "keyHash == null");
    Objects.requireNonNull(at, "at == null");
    jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, recordUseSql)) {
            SqlTimestamps.set(statement, 1, at);
            statement.setString(2, keyHash);
            SqlTimestamps.set(statement, 3, at);
            return statement.executeUpdate();
          }
        });
  }

  private Optional<ApiKeyRecord> findOne(String sql, String value) {
    return jdbc.withConnection(
        connection -> {
          try (PreparedStatement statement = jdbc.prepare(connection, sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new ApiKeyRecord(
                      rows.getString(1),
                      rows.getString(2).trim(),
                      rows.getString(3),
                      SqlTimestamps.get(rows, 4),
                      SqlTimestamps.getNullable(rows, 5)));
            }
          }
        });
  }

  @Override
  public String toString() {
    return "JdbcApiKeyStore[" + table + "]";
  }

  /** Configures a {@link JdbcApiKeyStore}; validated in {@link #build()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration queryTimeout = Duration.ofSeconds(5);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * The table, default {@value JdbcApiKeyStore#DEFAULT_TABLE}: an unquoted SQL identifier,
     * optionally schema-qualified ({@code billing.api_keys}), each part at most 54 characters (the
     * rule of {@code SqlIdentifiers}). It is spliced into SQL, hence the strict check.
     */
    public Builder tableName(String tableName) {
      this.table = SqlIdentifiers.requireTableName(tableName, "tableName");
      return this;
    }

    /**
     * How long one statement may run, default 5 seconds, in whole seconds as JDBC wants: the
     * resolver sits on the request path, so a stuck database must become a 503, not a hang.
     */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = JdbcAccess.requireQueryTimeout(queryTimeout);
      return this;
    }

    public JdbcApiKeyStore build() {
      return new JdbcApiKeyStore(this);
    }
  }
}
