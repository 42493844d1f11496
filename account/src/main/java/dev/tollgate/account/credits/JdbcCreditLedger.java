package dev.tollgate.account.credits;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.internal.JdbcAccess;
import dev.tollgate.internal.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 * <p>The table name is configuration, never input, and is checked as an unquoted SQL identifier
 * (optionally schema-qualified, at most 54 characters a part) because it is spliced into SQL; the
 * idempotency keys live in {@code <table>_charges}. See {@code credit-ledger.sql}. Any {@link
 * SQLException} becomes a {@link DependencyUnavailableException} named {@code credit-ledger}.
 */
public final class JdbcCreditLedger implements CreditLedger {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "tollgate_credit_balances";

  /** The default per-statement timeout: a stuck database is an outage, not a hung request. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  private static final String DEPENDENCY = "credit-ledger";
  private static final String SCHEMA_RESOURCE = "credit-ledger.sql";
  // Bounded: each retry follows another transaction's commit or rollback on the same key.
  private static final int MAX_ATTEMPTS = 5;

  private final JdbcAccess jdbc;
  private final String table;

  private JdbcCreditLedger(Builder builder) {
    this.jdbc = JdbcAccess.of(builder.dataSource, DEPENDENCY, builder.queryTimeout);
    this.table = builder.table;
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Creates the ledger's tables unless they exist. */
  public void createSchemaIfMissing() {
    jdbc.createSchema(JdbcCreditLedger.class, SCHEMA_RESOURCE, DEFAULT_TABLE, table);
  }

  @Override
  public Charge charge(String accountId, long amount, @Nullable String idempotencyKey) {
    LedgerArguments.validate(accountId, amount, idempotencyKey);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Charge> charge =
          jdbc.inTransaction(
              connection ->
                  Optional.ofNullable(tryCharge(connection, accountId, amount, idempotencyKey)));
      if (charge.isPresent()) {
        return charge.get();
      }
    }
    throw jdbc.unavailable(null);
  }

  /** One transaction; {@code null} when a concurrent charge with the same key forces a retry. */
  private @Nullable Charge tryCharge(
      Connection connection, String accountId, long amount, @Nullable String key)
      throws SQLException {
    if (key != null) {
      OptionalLong earlier = earlierCharge(connection, accountId, key);
      if (earlier.isPresent()) {
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
    if (key != null && !insertCharge(connection, accountId, key, balance)) {
      connection.rollback();
      OptionalLong earlier = earlierCharge(connection, accountId, key);
      return earlier.isPresent() ? Charge.replayed(earlier.getAsLong()) : null;
    }
    return Charge.accepted(balance);
  }

  @Override
  public long balance(String accountId) {
    Objects.requireNonNull(accountId, "accountId == null");
    return jdbc.withConnection(connection -> balance(connection, accountId).orElse(0));
  }

  @Override
  public long grant(String accountId, long amount) {
    LedgerArguments.validate(accountId, amount, null);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      OptionalLong balance =
          jdbc.inTransaction(connection -> tryGrant(connection, accountId, amount));
      if (balance.isPresent()) {
        return balance.getAsLong();
      }
    }
    throw jdbc.unavailable(null);
  }

  /** One transaction; empty when a concurrent first grant created the row first. */
  private OptionalLong tryGrant(Connection connection, String accountId, long amount)
      throws SQLException {
    int updated =
        update(
            connection,
            "UPDATE " + table + " SET balance = balance + ? WHERE account_id = ? AND balance <= ?",
            amount,
            accountId,
            Long.MAX_VALUE - amount);
    if (updated == 0) {
      if (balance(connection, accountId).isPresent()) {
        throw new ArithmeticException("grant would overflow the balance");
      }
      try (PreparedStatement insert =
          jdbc.prepare(
              connection, "INSERT INTO " + table + " (account_id, balance) VALUES (?, ?)")) {
        insert.setString(1, accountId);
        insert.setLong(2, amount);
        if (!JdbcAccess.insertUnlessDuplicate(insert)) {
          connection.rollback();
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.of(balance(connection, accountId).orElseThrow());
  }

  private OptionalLong balance(Connection connection, String accountId) throws SQLException {
    try (PreparedStatement select =
        jdbc.prepare(connection, "SELECT balance FROM " + table + " WHERE account_id = ?")) {
      select.setString(1, accountId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  private OptionalLong earlierCharge(Connection connection, String accountId, String key)
      throws SQLException {
    try (PreparedStatement select =
        jdbc.prepare(
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

  /** Whether the key was recorded; {@code false} when a concurrent charge recorded it first. */
  private boolean insertCharge(Connection connection, String accountId, String key, long balance)
      throws SQLException {
    try (PreparedStatement insert =
        jdbc.prepare(
            connection,
            "INSERT INTO "
                + table
                + "_charges (account_id, idempotency_key, balance_after) VALUES (?, ?, ?)")) {
      insert.setString(1, accountId);
      insert.setString(2, key);
      insert.setLong(3, balance);
      return JdbcAccess.insertUnlessDuplicate(insert);
    }
  }

  private int update(Connection connection, String sql, long amount, String accountId, long bound)
      throws SQLException {
    try (PreparedStatement update = jdbc.prepare(connection, sql)) {
      update.setLong(1, amount);
      update.setString(2, accountId);
      update.setLong(3, bound);
      return update.executeUpdate();
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

    /**
     * The balances table, default {@value JdbcCreditLedger#DEFAULT_TABLE}; its idempotency keys go
     * in {@code <table>_charges}. An unquoted SQL identifier, optionally schema-qualified, each
     * part at most 54 characters: it is spliced into SQL, hence the strict check.
     */
    public Builder table(String table) {
      this.table = SqlIdentifiers.requireTableName(table, "table");
      return this;
    }

    /** The per-statement timeout, at least one second. */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = JdbcAccess.requireQueryTimeout(queryTimeout);
      return this;
    }

    public JdbcCreditLedger build() {
      return new JdbcCreditLedger(this);
    }
  }
}
