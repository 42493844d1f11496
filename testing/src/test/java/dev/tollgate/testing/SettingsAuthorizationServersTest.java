package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The JWT settings given as environment variables ({@code TOLLGATE_*}), resolving real tokens of
 * real loopback issuers whose keys are found by discovery.
 */
class SettingsAuthorizationServersTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.test/mcp");

  private static CredentialResolver resolver(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("TOLLGATE_RESOURCE", RESOURCE.toString());
    return TollgateSettings.load(SettingSource.environment(env::get)).credentialRouter().build();
  }

  @Test
  void resolveWhenIssuerAloneThenKeysDiscoveredAndAtJwtTokenAccepted() {
    try (LocalIssuer issuer = LocalIssuer.start(RESOURCE)) {
      CredentialResolver resolver = resolver(Map.of("TOLLGATE_ISSUER", issuer.issuer().toString()));

      assertInstanceOf(
          Resolution.Resolved.class, resolver.resolve(Credential.of(issuer.token().sign())));
      assertEquals(
          Resolution.invalid("The access token type is not accepted"),
          resolver.resolve(Credential.of(issuer.token().type("JWT").sign())));
    }
  }

  @Test
  void resolveWhenTwoIssuersAndTokenTypesSetThenBothIssuersTokensOfThoseTypesAccepted() {
    try (LocalIssuer first = LocalIssuer.start(RESOURCE);
        LocalIssuer second = LocalIssuer.start(RESOURCE);
        LocalIssuer stranger = LocalIssuer.start(RESOURCE)) {
      CredentialResolver resolver =
          resolver(
              Map.of(
                  "TOLLGATE_ISSUER", first.issuer() + ", " + second.issuer(),
                  "TOLLGATE_TOKEN_TYPES", "at+jwt JWT untyped",
                  "TOLLGATE_AUDIENCE", RESOURCE + " api://mcp",
                  "TOLLGATE_SCOPE_CLAIMS", "scope permissions",
                  "TOLLGATE_ACCOUNT_CLAIM", "oid"));

      Resolution fromFirst =
          resolver.resolve(
              Credential.of(
                  first
                      .token()
                      .type("JWT")
                      .claim("oid", "acct-1")
                      .claim("permissions", List.of("tools:call"))
                      .sign()));
      Resolution fromSecond =
          resolver.resolve(
              Credential.of(
                  second
                      .token()
                      .withoutType()
                      .audience("api://mcp")
                      .claim("oid", "acct-2")
                      .sign()));

      assertEquals(
          "acct-1", assertInstanceOf(Resolution.Resolved.class, fromFirst).principal().accountId());
      assertTrue(
          assertInstanceOf(Resolution.Resolved.class, fromFirst)
              .principal()
              .scopes()
              .contains("tools:call"));
      assertEquals(
          "acct-2",
          assertInstanceOf(Resolution.Resolved.class, fromSecond).principal().accountId());
      assertEquals(
          Resolution.invalid("The access token was issued by an untrusted issuer"),
          resolver.resolve(Credential.of(stranger.token().claim("oid", "x").sign())));
    }
  }

  @Test
  void loadWhenSeveralIssuersAndJwksUriThenRefusedNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                resolver(
                    Map.of(
                        "TOLLGATE_ISSUER", "https://a.example.com https://b.example.com",
                        "TOLLGATE_JWKS_URI", "https://a.example.com/jwks")));

    assertTrue(
        e.getMessage().startsWith("TOLLGATE_JWKS_URI (jwks-uri): names the keys of one issuer"),
        e.getMessage());
    assertTrue(e.getMessage().contains("TOLLGATE_ISSUER"), e.getMessage());
  }

  @Test
  void loadWhenTokenTypeInvalidThenRefusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                resolver(
                    Map.of(
                        "TOLLGATE_ISSUER",
                        "https://a.example.com",
                        "TOLLGATE_TOKEN_TYPES",
                        "at+jwt;x")));

    assertTrue(e.getMessage().startsWith("TOLLGATE_TOKEN_TYPES (token-types):"), e.getMessage());
  }

  @Test
  void resolveWhenIssuerNotDiscoverableThenUnavailableNotInvalid() throws IOException {
    HttpServer down =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    down.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    down.start();
    try (LocalIssuer issuer = LocalIssuer.start(RESOURCE)) {
      String unreachable = "http://127.0.0.1:" + down.getAddress().getPort();
      CredentialResolver resolver = resolver(Map.of("TOLLGATE_ISSUER", unreachable));

      Resolution resolution =
          resolver.resolve(Credential.of(issuer.token().issuer(unreachable).sign()));

      assertEquals(Resolution.unavailable("jwks"), resolution);
    } finally {
      down.stop(0);
    }
  }

  @Test
  void resolveWhenIssuerRoutedToIntrospectionThenItsJwtsIntrospectedAndOthersVerifiedLocally()
      throws IOException {
    AtomicInteger introspections = new AtomicInteger();
    HttpServer introspection =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    introspection.createContext(
        "/introspect",
        exchange -> {
          introspections.incrementAndGet();
          byte[] body =
              ("{\"active\":true,\"sub\":\"introspected\",\"aud\":\""
                      + RESOURCE
                      + "\",\"scope\":\"mcp\","
                      + "\"exp\":"
                      + (System.currentTimeMillis() / 1000 + 300)
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    introspection.start();
    try (LocalIssuer local = LocalIssuer.start(RESOURCE);
        LocalIssuer introspected = LocalIssuer.start(RESOURCE)) {
      CredentialResolver resolver =
          resolver(
              Map.of(
                  "TOLLGATE_ISSUER",
                  local.issuer().toString(),
                  "TOLLGATE_INTROSPECTION_URI",
                  "http://127.0.0.1:" + introspection.getAddress().getPort() + "/introspect",
                  "TOLLGATE_INTROSPECTION_CLIENT_ID",
                  "rs",
                  "TOLLGATE_INTROSPECTION_CLIENT_SECRET",
                  "rs-secret",
                  "TOLLGATE_INTROSPECTION_ISSUERS",
                  introspected.issuer().toString()));

      Resolution viaIntrospection =
          resolver.resolve(Credential.of(introspected.token().subject("someone").sign()));
      Resolution verifiedHere =
          resolver.resolve(Credential.of(local.token().subject("local").sign()));

      assertEquals(
          "introspected",
          assertInstanceOf(Resolution.Resolved.class, viaIntrospection).principal().subject());
      assertEquals(
          "local", assertInstanceOf(Resolution.Resolved.class, verifiedHere).principal().subject());
      assertEquals(1, introspections.get());
    } finally {
      introspection.stop(0);
    }
  }
}
