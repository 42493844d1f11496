package dev.tollgate.spring.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example as it runs from its jar, shared by the tests (one Spring context): embedded Tomcat on
 * a port chosen up front (the resource identifier names it, as clients compare it with the URL they
 * called), the development authorization server on a free port, demo accounts and keys.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    // Inlined, not dynamic: the development server starts before dynamic properties are visible.
    properties = {"tollgate.dev-auth-port=0", "server.shutdown=immediate"})
abstract class RunningExample {
  static final int PORT = freePort();

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
  }

  @Autowired Environment environment;
  @Autowired DemoKeys demoKeys;

  URI resource() {
    return URI.create("http://localhost:" + PORT + "/mcp");
  }

  URI issuer() {
    return URI.create(environment.getRequiredProperty("tollgate.issuer"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
