package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.testsupport.Http;
import dev.tollgate.testsupport.JwtIssuer;
import dev.tollgate.testsupport.TomcatServer;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link TollgateFilter#destroy()}: a gate the filter built from configuration is closed (and then
 * answers 503, never lets a request through); a gate handed to the filter is its builder's, and
 * keeps working. Real Tomcat, real signed tokens, a real loopback JWKS.
 */
class TollgateFilterLifecycleTest {

  @Test
  void destroyWhenGateBuiltFromConfigurationThenGateClosed() throws Exception {
    AtomicReference<TollgateFilter> filter = new AtomicReference<>();
    try (JwtIssuer issuer = JwtIssuer.start();
        TomcatServer server =
            TomcatServer.start(
                (context, base) -> {
                  TollgateFilter configured = new TollgateFilter();
                  init(
                      configured,
                      Map.of(
                          "resource",
                          base + "/mcp",
                          "issuer",
                          JwtIssuer.ISSUER,
                          "jwks-uri",
                          issuer.jwksUri().toString()));
                  filter.set(configured);
                  TomcatServer.filter(context, "tollgate", configured, "/mcp");
                  TomcatServer.servlet(context, "mcp", new McpServlet(), "/mcp");
                })) {
      URI mcp = server.base().resolve("/mcp");
      String token = issuer.token(mcp, "acct-1", "app", "mcp");
      assertEquals(200, Http.get(mcp, token).statusCode());

      filter.get().destroy();

      assertEquals(503, Http.get(mcp, token).statusCode());
    }
  }

  /** A resolver the application owns and closes itself. */
  private static final class ApplicationResolver implements CredentialResolver, AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();
    private final FixedTokenResolver fixed = new FixedTokenResolver();

    @Override
    public Resolution resolve(Credential credential) {
      return fixed.resolve(credential);
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void destroyWhenGateHandedToConstructorThenGateLeftOpenAndWorking() {
    ApplicationResolver resolver = new ApplicationResolver();
    AtomicReference<TollgateFilter> filter = new AtomicReference<>();
    try (TomcatServer server =
        TomcatServer.start(
            (context, base) -> {
              Tollgate gate =
                  Tollgate.builder()
                      .resource(URI.create(base + "/mcp"))
                      .requiredScopes(Set.of("mcp"))
                      .resolver(resolver)
                      .build();
              filter.set(new TollgateFilter(gate));
              TomcatServer.filter(context, "tollgate", filter.get(), "/mcp");
              TomcatServer.servlet(context, "mcp", new McpServlet(), "/mcp");
            })) {
      URI mcp = server.base().resolve("/mcp");

      filter.get().destroy();

      assertFalse(resolver.closed.get());
      assertEquals(200, Http.get(mcp, FixedTokenResolver.GOOD).statusCode());
    }
    assertFalse(resolver.closed.get(), "Tomcat's own destroy leaves it open too");
  }

  private static void init(TollgateFilter filter, Map<String, String> params) {
    try {
      filter.init(new FakeFilterConfig(params, Map.of()));
    } catch (ServletException e) {
      throw new IllegalStateException(e);
    }
  }
}
