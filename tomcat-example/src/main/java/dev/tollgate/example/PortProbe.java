package dev.tollgate.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a port can be bound, asked before Tomcat tries: Tomcat logs its own SEVERE stack trace on
 * a failed bind, and a start-up failure should read as one line naming the setting.
 */
final class PortProbe {
  private PortProbe() {}

  /**
   * Returns normally when {@code port} (0: any) can be bound on {@code host}; the probe socket is
   * released at once. Should another process take the port in between, Tomcat's own bind still
   * fails and the caller still says so.
   *
   * @throws IllegalStateException with {@code message} when it cannot
   */
  static void requireBindable(InetAddress host, int port, String message) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Tomcat binds: a port in TIME_WAIT is free
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException(message, e);
    }
  }
}
