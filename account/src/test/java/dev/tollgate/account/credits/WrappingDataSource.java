package dev.tollgate.account.credits;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A real data source seen through a wrapper that, like some pools and proxies, reports a failed
 * statement as its own {@link SQLException} with the driver's as the cause; and that, just before
 * the statement {@code raceSql} is prepared the first time, runs {@code concurrentSql} on a
 * connection of its own, as a concurrent transaction on another node would.
 */
final class WrappingDataSource {
  private WrappingDataSource() {}

  static DataSource over(DataSource real, String raceSqlPrefix, String concurrentSql) {
    boolean[] raced = {false};
    InvocationHandler dataSource =
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (!(result instanceof Connection connection)) {
            return result;
          }
          InvocationHandler connectionHandler =
              (p, m, a) -> {
                if (m.getName().equals("prepareStatement")
                    && ((String) a[0]).startsWith(raceSqlPrefix)
                    && !raced[0]) {
                  raced[0] = true;
                  try (Connection other = real.getConnection();
                      PreparedStatement concurrent = other.prepareStatement(concurrentSql)) {
                    concurrent.executeUpdate();
                  }
                }
                Object inner = invoke(connection, m, a);
                return inner instanceof PreparedStatement statement ? wrapping(statement) : inner;
              };
          return Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              connectionHandler);
        };
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, dataSource);
  }

  private static PreparedStatement wrapping(PreparedStatement statement) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          try {
            return method.invoke(statement, args);
          } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException driver) {
              throw new SQLException("statement failed: " + driver.getMessage(), driver);
            }
            throw e.getCause();
          }
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            handler);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
