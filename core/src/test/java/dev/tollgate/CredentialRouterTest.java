package dev.tollgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialRouterTest {

  /** Answers with a principal whose account id names the resolver, and counts its calls. */
  static final class Named implements CredentialResolver {
    final String name;
    final AtomicInteger calls = new AtomicInteger();

    Named(String name) {
      this.name = name;
    }

    @Override
    public Resolution resolve(Credential credential) {
      calls.incrementAndGet();
      return Resolution.resolved(TollgatePrincipal.builder(name).build());
    }
  }

  /** Knows every credential: answers with its name, without resolving. */
  static final class Knowing implements CredentialResolver {
    final String name;

    Knowing(String name) {
      this.name = name;
    }

    @Override
    public Resolution resolve(Credential credential) {
      throw new AssertionError("resolved instead of answered from what is known");
    }

    @Override
    public Resolution known(Credential credential) {
      return Resolution.resolved(TollgatePrincipal.builder(name + " (known)").build());
    }
  }

  private final Named liveKeys = new Named("live-keys");
  private final Named testKeys = new Named("test-keys");
  private final Named jwt = new Named("jwt");
  private final Named opaque = new Named("opaque");

  private CredentialRouter fullRouter() {
    return CredentialRouter.builder()
        .apiKeys("tg_", testKeys)
        .apiKeys("tg_live_", liveKeys)
        .jwt(jwt)
        .opaque(opaque)
        .build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "tg_live_AbCdEf012345, live-keys",
    "tg_test_AbCdEf012345, test-keys",
    "tg_live_a.b.c, live-keys",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln, jwt",
    "a.b.c, jwt",
    "opaque-token-123, opaque",
    "a.b, opaque",
    "a.b.c.d, opaque",
    ".b.c, opaque",
    "a..c, opaque",
    "TG_live_upper, opaque",
  })
  void resolveWhenCredentialHasShapeThenExactlyOneResolverAsked(String value, String expected) {
    CredentialRouter router = fullRouter();

    Resolution resolution = router.resolve(Credential.of(value));

    assertEquals(
        expected, assertInstanceOf(Resolution.Resolved.class, resolution).principal().accountId());
    int total = liveKeys.calls.get() + testKeys.calls.get() + jwt.calls.get() + opaque.calls.get();
    assertEquals(1, total);
  }

  @ParameterizedTest(name = "{0} routes, {1}")
  @CsvSource({
    "api keys only, a.b.c",
    "api keys only, opaque-token",
    "opaque only, a.b.c",
    "jwt only, opaque-token",
    "jwt only, tg_live_key",
  })
  void resolveWhenNoRouteForShapeThenNotRecognised(String routes, String value) {
    CredentialRouter.Builder builder = CredentialRouter.builder();
    switch (routes) {
      case "api keys only" -> builder.apiKeys("tg_live_", liveKeys);
      case "opaque only" -> builder.opaque(opaque);
      default -> builder.jwt(jwt);
    }

    Resolution resolution = builder.build().resolve(Credential.of(value));

    assertEquals(
        "The credential is not recognised",
        assertInstanceOf(Resolution.Invalid.class, resolution).reason());
    assertEquals(0, liveKeys.calls.get() + opaque.calls.get() + jwt.calls.get());
  }

  @Test
  void resolveWhenRoutedResolverAnswersNotMineThenInvalid() {
    Named fallback = new Named("never");
    CredentialResolver router =
        CredentialResolver.firstClaiming(
            List.of(CredentialRouter.builder().jwt(c -> Resolution.notMine()).build(), fallback));

    Resolution resolution = router.resolve(Credential.of("a.b.c"));

    assertInstanceOf(Resolution.Invalid.class, resolution);
    assertEquals(0, fallback.calls.get());
  }

  @Test
  void resolveWhenRoutedResolverUnavailableThenPassedThrough() {
    CredentialRouter router =
        CredentialRouter.builder().opaque(c -> Resolution.unavailable("introspection")).build();

    assertInstanceOf(Resolution.Unavailable.class, router.resolve(Credential.of("opaque")));
  }

  @Test
  void decideWhenRoutedThroughTollgateThenEachShapeCostsOneResolver() {
    Tollgate gate =
        Tollgate.builder()
            .resource(URI.create("https://mcp.example.com/mcp"))
            .resolver(fullRouter())
            .build();

    for (String value : List.of("tg_live_k1", "h.p.s", "opaque-1", "tg_test_k2")) {
      RequestView request =
          RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + value)), null);
      assertInstanceOf(Decision.Allow.class, gate.decide(request));
    }

    assertEquals(1, liveKeys.calls.get());
    assertEquals(1, testKeys.calls.get());
    assertEquals(1, jwt.calls.get());
    assertEquals(1, opaque.calls.get());
  }

  @Test
  void builderWhenRouteConfiguredTwiceThenRefusedSayingSo() {
    CredentialRouter.Builder builder =
        CredentialRouter.builder().apiKeys("tg_", liveKeys).jwt(jwt).opaque(opaque);

    assertTrue(
        assertThrows(IllegalStateException.class, () -> builder.apiKeys("tg_", testKeys))
            .getMessage()
            .contains("tg_"));
    assertTrue(
        assertThrows(IllegalStateException.class, () -> builder.jwt(jwt))
            .getMessage()
            .contains("jwt"));
    assertTrue(
        assertThrows(IllegalStateException.class, () -> builder.opaque(opaque))
            .getMessage()
            .contains("opaque"));
    assertThrows(IllegalArgumentException.class, () -> builder.apiKeys("", testKeys));
  }

  @Test
  void buildWhenNoRouteThenRefused() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> CredentialRouter.builder().build());
    assertTrue(e.getMessage().contains("at least one route"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "tg_live_AbCdEf012345, live-keys",
    "tg_test_AbCdEf012345, test-keys",
    "a.b.c, jwt",
    "opaque-token-123, opaque",
    "a.b.c.d, opaque",
  })
  void knownWhenCredentialUncheckedThenTheRouteResolverKnowsItAsResolveWouldRouteIt(
      String value, String expected) {
    String header = "Bearer " + value;
    Credential unchecked = Credential.ofUncheckedHeader(header, 7, header.length());

    CredentialRouter router =
        CredentialRouter.builder()
            .apiKeys("tg_", new Knowing("test-keys"))
            .apiKeys("tg_live_", new Knowing("live-keys"))
            .jwt(new Knowing("jwt"))
            .opaque(new Knowing("opaque"))
            .build();

    Resolution known = router.known(unchecked);

    assertEquals(
        expected + " (known)",
        assertInstanceOf(Resolution.Resolved.class, known).principal().accountId());
  }

  @Test
  void knownWhenNoRouteForShapeThenNotRecognisedAsResolveAnswers() {
    CredentialRouter jwtOnly = CredentialRouter.builder().jwt(jwt).build();

    Resolution known = jwtOnly.known(Credential.of("opaque-token-123"));

    assertEquals(jwtOnly.resolve(Credential.of("opaque-token-123")), known);
  }
}
