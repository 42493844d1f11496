package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testsupport.PostgresTestDatabase;
import dev.tollgate.testsupport.RequiresPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The revocation {@code NOTIFY} on PostgreSQL: sent in the transaction that writes the change, on
 * its connection, so a node whose pool lends it just one connection for the change still tells the
 * others, and a listener that hears it finds the row committed.
 */
@RequiresPostgres
class RevocationNotificationsPostgresTest {
  /** How long the listener waits for the notification: far above its usual milliseconds. */
  private static final int WAIT_MILLIS = 30_000;

  private final String table =
      ("tg_rev_notify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
          .toLowerCase(Locale.ROOT);
  private DataSource database;
  private JdbcRevocationRegistry writer;

  @BeforeEach
  void createTable() throws SQLException {
    database = PostgresTestDatabase.dataSource();
    new JdbcRevocationTable(database, table, Duration.ofSeconds(5)).createIfMissing();
  }

  @AfterEach
  void dropTable() throws SQLException {
    if (writer != null) {
      writer.close();
    }
    try (Connection connection = database.getConnection();
        PreparedStatement drop = connection.prepareStatement("DROP TABLE IF EXISTS " + table)) {
      drop.execute();
    }
  }

  @Test
  void revokeWhenWritingThreadMayBorrowOneConnectionThenListenerHearsCommittedChange()
      throws Exception {
    OneConnectionPerThread pool = new OneConnectionPerThread(database);
    writer =
        JdbcRevocationRegistry.builder(pool.dataSource())
            .tableName(table)
            .refreshInterval(Duration.ofHours(1))
            .build();
    try (Connection listening = database.getConnection()) {
      try (PreparedStatement listen =
          listening.prepareStatement("LISTEN " + RevocationNotifications.channel(table))) {
        listen.execute();
      }

      pool.limit(Thread.currentThread());
      writer.revokeAccount("acct-notified", Instant.parse("2026-01-01T00:00:00Z"));

      PGNotification[] heard = listening.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
      assertTrue(
          heard != null && heard.length > 0, "no notification within " + WAIT_MILLIS + " ms");
      assertEquals(RevocationNotifications.channel(table), heard[0].getName());
      List<JdbcRevocationTable.Row> rows =
          new JdbcRevocationTable(database, table, Duration.ofSeconds(5)).readAfter(Long.MIN_VALUE);
      assertEquals(1, rows.size());
      assertEquals("acct-notified", rows.get(0).change().accountId());
    }
  }

  @Test
  void revokeWhenNotificationsOffThenNothingSent() throws Exception {
    writer =
        JdbcRevocationRegistry.builder(database)
            .tableName(table)
            .refreshInterval(Duration.ofHours(1))
            .notifications(false)
            .build();
    try (Connection listening = database.getConnection()) {
      try (PreparedStatement listen =
          listening.prepareStatement("LISTEN " + RevocationNotifications.channel(table))) {
        listen.execute();
      }
      writer.revokeAccount("acct-quiet", Instant.parse("2026-01-01T00:00:00Z"));
      // A marker sent after the revocation committed: whatever the revocation sent arrives first.
      try (Connection other = database.getConnection();
          PreparedStatement marker =
              other.prepareStatement(
                  "SELECT pg_notify('" + RevocationNotifications.channel(table) + "', 'marker')")) {
        marker.execute();
      }

      PGNotification[] heard = listening.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
      assertTrue(heard != null && heard.length > 0, "the marker arrives");
      assertEquals("marker", heard[0].getParameter(), "the revocation itself sent nothing");
    }
  }

  /**
   * A data source over the real one that lends a limited thread one connection and refuses it any
   * more, like a pool exhausted under load; other threads (the registry's own) borrow freely.
   */
  private static final class OneConnectionPerThread {
    private final DataSource real;
    private volatile Thread limited;
    private int lentToLimited;

    OneConnectionPerThread(DataSource real) {
      this.real = real;
    }

    void limit(Thread thread) {
      lentToLimited = 0;
      limited = thread;
    }

    DataSource dataSource() {
      InvocationHandler handler =
          (proxy, method, args) -> {
            if (method.getName().equals("getConnection") && Thread.currentThread() == limited) {
              if (lentToLimited++ >= 1) {
                throw new SQLTransientConnectionException("no connection available", "08001");
              }
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          };
      return (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
    }
  }
}
