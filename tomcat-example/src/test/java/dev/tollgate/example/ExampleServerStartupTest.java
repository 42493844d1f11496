package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Start-up fails loudly, naming the setting, when a port cannot be bound; and it listens on
 * loopback unless {@code HOST} says otherwise.
 */
class ExampleServerStartupTest {

  @Test
  void startWhenHostUnsetThenListensOnLoopbackOnly() throws Exception {
    try (ExampleServer server = ExampleServer.start(ExampleConfig.ephemeral())) {
      assertEquals(InetAddress.getByName("127.0.0.1"), server.host());
      assertTrue(accepts(InetAddress.getByName("127.0.0.1"), server.port()));
      InetAddress external = nonLoopbackAddress();
      assertFalse(accepts(external, server.port()), "reachable at " + external);
    }
  }

  @Test
  void startWhenHostIsWildcardThenListensOnOtherInterfacesToo() throws Exception {
    ExampleConfig config =
        new ExampleConfig(
            0, null, null, null, null, null, null, null, 0, List.of(), Map.of("HOST", "0.0.0.0"));
    try (ExampleServer server = ExampleServer.start(config)) {
      assertTrue(server.host().isAnyLocalAddress());
      assertTrue(accepts(nonLoopbackAddress(), server.port()));
    }
  }

  private static boolean accepts(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 5_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }

  /** An IPv4 address of this machine other than loopback: where a LAN client would connect. */
  private static InetAddress nonLoopbackAddress() throws SocketException {
    Optional<InetAddress> address =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .filter(ExampleServerStartupTest::isUp)
            .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
            .filter(
                a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst();
    assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to probe");
    return address.get();
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  @Test
  void startWhenPortInUseThenRefusedNamingPort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      ExampleConfig config =
          new ExampleConfig(
              taken.getLocalPort(),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              0,
              List.of(),
              Map.of());

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ExampleServer.start(config));

      assertTrue(e.getMessage().startsWith("PORT:"), e.getMessage());
    }
  }

  @Test
  void startWhenDevAuthorizationPortInUseThenRefusedNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ExampleConfig config =
          new ExampleConfig(
              0,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              taken.getLocalPort(),
              List.of(),
              Map.of());

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ExampleServer.start(config));

      assertTrue(e.getMessage().startsWith("TOLLGATE_DEV_AUTH_PORT:"), e.getMessage());
    }
  }
}
