package dev.tollgate.testsupport;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source that a test can take down, so every connection attempt fails as when the
 * database is unreachable, and bring back. It starts up.
 *
 * <p>The failure is a {@link SQLTransientConnectionException} with SQLState {@code 08001}, what a
 * JDBC driver reports when it cannot connect.
 */
public final class SwitchableDataSource implements DataSource {
  private final DataSource delegate;
  private volatile boolean up = true;

  /** Delegates to {@code delegate} while up. */
  public SwitchableDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
  }

  /** From now on every connection attempt fails. */
  public void down() {
    up = false;
  }

  /** From now on connections come from the real data source again. */
  public void up() {
    up = true;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkUp();
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    checkUp();
    return delegate.getConnection(username, password);
  }

  private void checkUp() throws SQLTransientConnectionException {
    if (!up) {
      throw new SQLTransientConnectionException("connection refused (database down)", "08001");
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
