package dev.tollgate.account.credits;

import dev.tollgate.DependencyUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CreditLedger} in a relational database over plain JDBC (tested on H2 and PostgreSQL).
 *
 * <p>A charge is one conditional {@code UPDATE ... SET balance = balance - ? WHERE account_id = ?
 * AND balance >= ?}: the database serializes concurrent charges on the row, so none is lost and the
 * balance never goes negative. An idempotent charge also inserts its key, in the same transaction;
 * a concurrent duplicate fails on the primary key and is rolled back, charge included.
 *
 * <p>The table name is configuration, never input, and is checked against {@code
 * [a-z_][a-z0-9_]*} (optionally schema-qualified, 48 characters a part) because it is spliced into
 * SQL; the idempotency keys live in {@code <table>_charges}. See {@code credit-ledger.sql}.
 */
public final class JdbcCreditLedger implements CreditLedger {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "tollgate_credit_balances";
  /** The default per-statement timeout: a stuck database is an outage, not a hung request. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  private static final String DEPENDENCY = "credit-ledger";
  private static final Pattern TABLE = Pattern.compile("([a-z_][a-z0-9_]{0,47}\\.)?[a-z_][a-z0-9_]{0,47}");
  private static final String UNIQUE_VIOLATION = "23505";
  // Bounded: each retry follows another transaction's commit or rollback on the same key.
  private static final int MAX_ATTEMPTS = 5;

  private final DataSource dataSource;
  private final String table;
  private final int queryTimeoutSeconds;

  private JdbcCreditLedger(Builder builder) {
    this.dataSource = builder.dataSource;
    this.table = builder.table;
    this.queryTimeoutSeconds = (int) Math.max(1, builder.queryTimeout.toSeconds());
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Creates the ledger's tables unless they exist. */
  public void createSchemaIfMissing() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : LedgerSchema.statements(table)) {
        statement.execute(ddl);
      }
    } catch (SQLException e) {
      throw new DependencyUnavailableException(DEPENDENCY, e);
    }
  }

  @Override
  public Charge charge(String accountId, long amount, @Nullable String idempotencyKey) {
    LedgerArguments.validate(accountId, amount, idempotencyKey);
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        Charge charge = tryCharge(accountId, amount, idempotencyKey);
        if (charge != null) {
          return charge;
        }
      }
    } catch (SQLException e) {
      throw new DependencyUnavailableException(DEPENDENCY, e);
    }
    throw new DependencyUnavailableException(DEPENDENCY, null);
  }

  /** One transaction; {@code null} when a concurrent charge with the same key forces a retry. */
  private @Nullable Charge tryCharge(String accountId, long amount, @Nullable String key)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        if (key != null) {
          OptionalLong earlier = earlierCharge(connection, accountId, key);
          if (earlier.isPresent()) {
            connection.commit();
            return Charge.replayed(earlier.getAsLong());
          }
        }
        int updated =
            update(
                connection,
                "UPDATE " + table + " SET balance = balance - ? WHERE account_id = ? AND balance >= ?",
                amount,
                accountId,
                amount);
        if (updated == 0) {
          connection.rollback();
          return Charge.refused(balance(connection, accountId).orElse(0));
        }
        long balance = balance(connection, accountId).orElseThrow();
        if (key != null) {
          try {
            insertCharge(connection, accountId, key, balance);
          } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw e;
            }
            connection.rollback();
            OptionalLong earlier = earlierCharge(connection, accountId, key);
            connection.commit();
            return earlier.isPresent() ? Charge.replayed(earlier.getAsLong()) : null;
          }
        }
        connection.commit();
        return Charge.accepted(balance);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  @Override
  public long balance(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    try (Connection connection = dataSource.getConnection()) {
      return balance(connection, accountId).orElse(0);
    } catch (SQLException e) {
      throw new DependencyUnavailableException(DEPENDENCY, e);
    }
  }

  @Override
  public long grant(String accountId, long amount) {
    LedgerArguments.validate(accountId, amount, null);
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        OptionalLong balance = tryGrant(accountId, amount);
        if (balance.isPresent()) {
          return balance.getAsLong();
        }
      }
    } catch (SQLException e) {
      throw new DependencyUnavailableException(DEPENDENCY, e);
    }
    throw new DependencyUnavailableException(DEPENDENCY, null);
  }

  /** One transaction; empty when a concurrent first grant created the row first. */
  private OptionalLong tryGrant(String accountId, long amount) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        int updated =
            update(
                connection,
                "UPDATE " + table + " SET balance = balance + ? WHERE account_id = ? AND balance <= ?",
                amount,
                accountId,
                Long.MAX_VALUE - amount);
        if (updated == 0) {
          if (balance(connection, accountId).isPresent()) {
            connection.rollback();
            throw new ArithmeticException("grant would overflow the balance");
          }
          try (PreparedStatement insert =
              prepare(connection, "INSERT INTO " + table + " (account_id, balance) VALUES (?, ?)")) {
            insert.setString(1, accountId);
            insert.setLong(2, amount);
            insert.executeUpdate();
          } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw e;
            }
            connection.rollback();
            return OptionalLong.empty();
          }
        }
        long balance = balance(connection, accountId).orElseThrow();
        connection.commit();
        return OptionalLong.of(balance);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  private OptionalLong balance(Connection connection, String accountId) throws SQLException {
    try (PreparedStatement select =
        prepare(connection, "SELECT balance FROM " + table + " WHERE account_id = ?")) {
      select.setString(1, accountId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  private OptionalLong earlierCharge(Connection connection, String accountId, String key)
      throws SQLException {
    try (PreparedStatement select =
        prepare(
            connection,
            "SELECT balance_after FROM "
                + table
                + "_charges WHERE account_id = ? AND idempotency_key = ?")) {
      select.setString(1, accountId);
      select.setString(2, key);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  private void insertCharge(Connection connection, String accountId, String key, long balance)
      throws SQLException {
    try (PreparedStatement insert =
        prepare(
            connection,
            "INSERT INTO "
                + table
                + "_charges (account_id, idempotency_key, balance_after) VALUES (?, ?, ?)")) {
      insert.setString(1, accountId);
      insert.setString(2, key);
      insert.setLong(3, balance);
      insert.executeUpdate();
    }
  }

  private int update(Connection connection, String sql, long amount, String accountId, long bound)
      throws SQLException {
    try (PreparedStatement update = prepare(connection, sql)) {
      update.setLong(1, amount);
      update.setString(2, accountId);
      update.setLong(3, bound);
      return update.executeUpdate();
    }
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Configures a {@link JdbcCreditLedger}; validated in {@link #build()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /** The balances table; its idempotency keys go in {@code <table>_charges}. */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table == null");
      return this;
    }

    /** The per-statement timeout, at least one second. */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout == null");
      return this;
    }

    public JdbcCreditLedger build() {
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalStateException(
            "table must match " + TABLE.pattern() + " (lower case, optionally schema.table), was '"
                + table + "'");
      }
      if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalStateException("queryTimeout must be at least 1s, was " + queryTimeout);
      }
      return new JdbcCreditLedger(this);
    }
  }
}
