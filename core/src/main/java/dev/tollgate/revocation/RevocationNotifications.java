package dev.tollgate.revocation;

import dev.tollgate.internal.JdbcAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL {@code LISTEN} / {@code NOTIFY} for a revocation table: a node that records a change
 * notifies the table's channel in the insert's own transaction (so the notification is delivered
 * when, and only if, the row commits), and every node listening refreshes at once, so a revocation
 * reaches them in milliseconds instead of at their next poll. The poll stays: a notification lost
 * while a listener reconnects is picked up by it (and by the catch-up refresh each listener runs
 * when it starts listening). On other databases nothing is sent or listened to.
 *
 * <p>The listener holds one connection of its own, on a daemon thread, and reconnects after a
 * second when the connection fails.
 */
final class RevocationNotifications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RevocationNotifications.class);

  /** How long one wait for notifications blocks, so {@link #close()} is noticed promptly. */
  private static final int WAIT_MILLIS = 500;

  private static final long RECONNECT_MILLIS = 1000;

  private final JdbcAccess jdbc;
  private final String channel;
  private final Runnable onNotification;

  /** This node's id, sent as the payload so it can ignore its own notifications. */
  private final String node = UUID.randomUUID().toString();

  private final Thread listener;
  private volatile boolean closed;
  private volatile @Nullable Boolean postgres;

  RevocationNotifications(JdbcAccess jdbc, String tableName, Runnable onNotification) {
    this.jdbc = jdbc;
    this.channel = channel(tableName);
    this.onNotification = onNotification;
    this.listener = new Thread(this::listen, "tollgate-revocation-listen-" + tableName);
    listener.setDaemon(true);
  }

  /** The channel of {@code tableName}: lowercase, as {@code LISTEN} folds an unquoted name. */
  static String channel(String tableName) {
    String channel = "tollgate_revocation_" + tableName.replace('.', '_').toLowerCase(Locale.ROOT);
    return channel.length() > 63 ? channel.substring(0, 63) : channel;
  }

  RevocationNotifications start() {
    listener.start();
    return this;
  }

  /**
   * Notifies every listening node of a change, on {@code connection} in the transaction that writes
   * it, with the query timeout; PostgreSQL delivers it at commit. Nothing on other databases.
   */
  void announce(Connection connection) throws SQLException {
    if (!isPostgres(connection)) {
      return;
    }
    try (PreparedStatement notify = jdbc.prepare(connection, "SELECT pg_notify(?, ?)")) {
      notify.setString(1, channel);
      notify.setString(2, node);
      notify.execute();
    }
  }

  private boolean isPostgres(Connection connection) throws SQLException {
    Boolean known = postgres;
    if (known == null) {
      known = "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
      postgres = known;
    }
    return known;
  }

  private void listen() {
    while (!closed) {
      try {
        boolean postgres = jdbc.withConnection(this::listenOn);
        if (!postgres) {
          return;
        }
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.debug("Listening on {} failed; reconnecting", channel, e);
        try {
          Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** Listens on {@code connection} until closed; {@code false} at once when not PostgreSQL. */
  private boolean listenOn(Connection connection) throws SQLException {
    if (!isPostgres(connection)) {
      return false;
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    try (PreparedStatement listen = jdbc.prepare(connection, "LISTEN " + channel)) {
      listen.execute();
    }
    // Changes made while this node was not listening.
    onNotification.run();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
      if (fromElsewhere(notifications)) {
        onNotification.run();
      }
    }
    return true;
  }

  /**
   * Whether a notification came from another node. This node's own changes are in its snapshot
   * already; refreshing on them would only race with its next local change.
   */
  private boolean fromElsewhere(PGNotification @Nullable [] notifications) {
    if (notifications == null) {
      return false;
    }
    for (PGNotification notification : notifications) {
      if (!node.equals(notification.getParameter())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    listener.interrupt();
  }
}
