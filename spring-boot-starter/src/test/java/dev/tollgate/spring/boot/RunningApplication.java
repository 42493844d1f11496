package dev.tollgate.spring.boot;

import dev.tollgate.Entitlement;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.audit.DecisionEvent;
import dev.tollgate.audit.DecisionListener;
import dev.tollgate.testing.LocalIssuer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running application shared by the starter's integration tests (one Spring context): the
 * starter in a Spring Boot application on embedded Tomcat, reached over real HTTP, with tokens
 * signed by a real loopback issuer; Spring Security, Actuator and an in-memory store are present.
 */
@SpringBootTest(
    classes = RunningApplication.Application.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tollgate.resource=" + RunningApplication.RESOURCE,
      "tollgate.scopes[0]=mcp",
      "tollgate.resource-name=Test MCP server",
      "tollgate.store=memory",
    })
abstract class RunningApplication {
  static final String RESOURCE = "http://localhost/mcp";
  static final String FREE_ACCOUNT = "free-account";

  static final LocalIssuer ISSUER = LocalIssuer.start(URI.create(RESOURCE));

  @DynamicPropertySource
  static void issuer(DynamicPropertyRegistry registry) {
    registry.add("tollgate.issuer", () -> ISSUER.issuer().toString());
    registry.add("tollgate.jwks-uri", () -> ISSUER.jwksUri().toString());
  }

  @LocalServerPort int port;

  @TestConfiguration
  @Import(TestMcpApplication.class)
  static class Application {
    @Bean
    EntitlementPolicy entitlementPolicy() {
      return (principal, request) ->
          principal.accountId().equals(FREE_ACCOUNT)
              ? Entitlement.refused("A paid plan is required", null)
              : Entitlement.granted();
    }

    @Bean
    RecordingListener recordingListener() {
      return new RecordingListener();
    }
  }

  static final class RecordingListener implements DecisionListener {
    final List<DecisionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onDecision(DecisionEvent event) {
      events.add(event);
    }
  }
}
