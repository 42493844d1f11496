package dev.tollgate.spring.example;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Starts the {@link DevAuthorizationServer} before the gate is configured when neither {@code
 * tollgate.issuer} ({@code TOLLGATE_ISSUER}) nor {@code tollgate.introspection-uri} is set, and
 * points {@code tollgate.issuer} and {@code tollgate.jwks-uri} at it. Its port is {@code
 * tollgate.dev-auth-port} ({@code TOLLGATE_DEV_AUTH_PORT}), default 9090.
 */
final class DevAuthorizationServerStarter implements EnvironmentPostProcessor, Ordered {
  static final String PORT_PROPERTY = "tollgate.dev-auth-port";
  static final int DEFAULT_PORT = 9090;

  /** The scopes it issues: every MCP scope of the example. */
  static final Set<String> SCOPES = Set.of("mcp", "mcp:credits");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(Running.NAME)
        || hasText(environment.getProperty("tollgate.issuer"))
        || hasText(environment.getProperty("tollgate.introspection-uri"))) {
      return;
    }
    int port = environment.getProperty(PORT_PROPERTY, Integer.class, DEFAULT_PORT);
    DevAuthorizationServer server = DevAuthorizationServer.start(port, SCOPES);
    // Last: a source added later (a test's dynamic properties) that sets an issuer still wins.
    environment.getPropertySources().addLast(new Running(server));
  }

  @Override
  public int getOrder() {
    // After the application's configuration files are read, so their tollgate.issuer counts.
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static boolean hasText(@Nullable String value) {
    return value != null && !value.isBlank();
  }

  /** The running server's issuer and JWK set, as properties; owns the server. */
  static final class Running extends MapPropertySource {
    static final String NAME = "tollgateDevAuthorizationServer";
    final DevAuthorizationServer server;

    Running(DevAuthorizationServer server) {
      super(
          NAME,
          Map.of(
              "tollgate.issuer",
              server.issuer().toString(),
              "tollgate.jwks-uri",
              server.jwksUri().toString()));
      this.server = server;
    }
  }

  /** Stops the development authorization server with the application. */
  @Component
  static final class Lifecycle implements DisposableBean {
    private final ConfigurableEnvironment environment;

    Lifecycle(ConfigurableEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public void destroy() {
      if (environment.getPropertySources().get(Running.NAME) instanceof Running running) {
        running.server.close();
      }
    }
  }
}
