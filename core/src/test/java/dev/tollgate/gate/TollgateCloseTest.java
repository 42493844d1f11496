package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tollgate.CredentialResolver;
import dev.tollgate.CredentialRouter;
import dev.tollgate.Decision;
import dev.tollgate.Entitlement;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestView;
import dev.tollgate.Resolution;
import dev.tollgate.RevocationCheck;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.cache.CachingCredentialResolver;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Tollgate#close()}: what a gate was built with is closed once, failures or not. */
class TollgateCloseTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  private static final TollgatePrincipal USER =
      TollgatePrincipal.builder("acct-1").scopes(Set.of("mcp")).build();

  /** Every close, in order, by name. */
  private final List<String> closed = new ArrayList<>();

  private final class ClosingResolver implements CredentialResolver, AutoCloseable {
    private final String name;
    private final boolean fails;

    ClosingResolver(String name, boolean fails) {
      this.name = name;
      this.fails = fails;
    }

    @Override
    public Resolution resolve(dev.tollgate.Credential credential) {
      return Resolution.resolved(USER);
    }

    @Override
    public void close() throws Exception {
      closed.add(name);
      if (fails) {
        throw new Exception("close failed");
      }
    }
  }

  private final class ClosingCheck implements RevocationCheck, AutoCloseable {
    @Override
    public boolean isRevoked(TollgatePrincipal principal) {
      return false;
    }

    @Override
    public void close() {
      closed.add("revocation");
    }
  }

  private final class ClosingPolicy implements EntitlementPolicy, AutoCloseable {
    @Override
    public Entitlement check(TollgatePrincipal principal, RequestView request) {
      return Entitlement.granted();
    }

    @Override
    public void close() {
      closed.add("entitlement");
    }
  }

  private static Tollgate.Builder gate() {
    return Tollgate.builder().resource(RESOURCE);
  }

  private static RequestView request() {
    return RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer token")), null);
  }

  @Test
  void closeWhenBuiltWithCloseableComponentsThenEachClosedOnce() {
    Tollgate tollgate =
        gate()
            .resolver(new ClosingResolver("first", false))
            .resolver(new ClosingResolver("second", false))
            .revocationCheck(new ClosingCheck())
            .entitlementPolicy(new ClosingPolicy())
            .build();

    tollgate.close();

    assertEquals(List.of("first", "second", "revocation", "entitlement"), closed);
  }

  @Test
  void closeWhenOneComponentFailsThenOthersStillClosedAndNothingThrown() {
    Tollgate tollgate =
        gate()
            .resolver(new ClosingResolver("failing", true))
            .resolver(new ClosingResolver("next", false))
            .revocationCheck(new ClosingCheck())
            .build();

    tollgate.close();

    assertEquals(List.of("failing", "next", "revocation"), closed);
  }

  @Test
  void closeWhenCalledTwiceThenComponentsClosedOnce() {
    Tollgate tollgate = gate().resolver(new ClosingResolver("only", false)).build();

    tollgate.close();
    tollgate.close();

    assertEquals(List.of("only"), closed);
  }

  @Test
  void closeWhenResolverWrappedInRouterAndCacheThenWrappedResolverClosedOnce() {
    ClosingResolver jwt = new ClosingResolver("jwt", false);
    CachingCredentialResolver cache = CachingCredentialResolver.of(jwt);
    // One cache on two routes, as the settings build it: still one component.
    CredentialResolver router = CredentialRouter.builder().jwt(cache).opaque(cache).build();

    gate().resolver(router).build().close();

    assertEquals(List.of("jwt"), closed);
  }

  @Test
  void closeWhenFirstClaimingCompositeThenEveryMemberClosed() {
    CredentialResolver composite =
        CredentialResolver.firstClaiming(
            List.of(new ClosingResolver("a", false), new ClosingResolver("b", false)));

    gate().resolver(composite).build().close();

    assertEquals(List.of("a", "b"), closed);
  }

  @Test
  void decideWhenClosedThenUnavailableNeverAllowed() {
    Tollgate tollgate = gate().resolver(new ClosingResolver("only", false)).build();
    assertInstanceOf(Decision.Allow.class, tollgate.decide(request()));

    tollgate.close();

    Decision.Unavailable unavailable =
        assertInstanceOf(Decision.Unavailable.class, tollgate.decide(request()));
    assertEquals(Tollgate.CLOSED, unavailable.dependency());
  }
}
