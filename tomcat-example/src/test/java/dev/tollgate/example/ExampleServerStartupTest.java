package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up fails loudly, naming the setting, when a port cannot be bound. */
class ExampleServerStartupTest {

  @Test
  void startWhenPortInUseThenRefusedNamingPort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      ExampleConfig config =
          new ExampleConfig(taken.getLocalPort(), null, null, null, null, null, null, null, 0, List.of(), Map.of());

      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ExampleServer.start(config));

      assertTrue(e.getMessage().startsWith("PORT:"), e.getMessage());
    }
  }

  @Test
  void startWhenDevAuthorizationPortInUseThenRefusedNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ExampleConfig config =
          new ExampleConfig(0, null, null, null, null, null, null, null, taken.getLocalPort(), List.of(), Map.of());

      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ExampleServer.start(config));

      assertTrue(e.getMessage().startsWith("TOLLGATE_DEV_AUTH_PORT:"), e.getMessage());
    }
  }
}
