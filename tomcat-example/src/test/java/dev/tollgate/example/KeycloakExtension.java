package dev.tollgate.example;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Supplies a {@link KeycloakServer} to tests, started once per test run (held in the root store,
 * stopped when the run ends) however many classes use it.
 *
 * <p>It runs when {@code TOLLGATE_REQUIRE_KEYCLOAK=true} ({@code .ci/run} sets it), which also
 * activates the Maven profile that unpacks the server; elsewhere the tests are skipped with a
 * message saying so.
 */
final class KeycloakExtension implements ExecutionCondition, ParameterResolver {
  private static final String REQUIRE = "TOLLGATE_REQUIRE_KEYCLOAK";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return "true".equals(System.getenv(REQUIRE))
        ? ConditionEvaluationResult.enabled(REQUIRE + "=true")
        : ConditionEvaluationResult.disabled(
            "Keycloak tests skipped: set "
                + REQUIRE
                + "=true (as .ci/run does) to unpack and start the real server");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KeycloakServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    String home = System.getProperty("tollgate.keycloak.home");
    if (home == null || !Files.isRegularFile(Path.of(home, "bin", "kc.sh"))) {
      throw new IllegalStateException(
          REQUIRE
              + "=true but no Keycloak at "
              + home
              + ": run through Maven, whose keycloak profile unpacks it");
    }
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(KeycloakExtension.class))
        .getOrComputeIfAbsent("server", key -> start(Path.of(home)), Running.class)
        .server();
  }

  private static Running start(Path home) {
    try {
      return new Running(KeycloakServer.start(home, home.getParent().resolve("keycloak.log")));
    } catch (Exception e) {
      throw new IllegalStateException("Keycloak did not start: " + e.getMessage(), e);
    }
  }

  /** Closed by JUnit when the root context closes, at the end of the run. */
  private record Running(KeycloakServer server)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
