package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.apikey.ApiKey;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyRecord;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.config.SettingSource;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.testsupport.Http;
import dev.tollgate.testsupport.JwtIssuer;
import dev.tollgate.testsupport.TomcatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JWTs, opaque tokens and API keys through one gate built from {@link TollgateSettings}, behind the
 * real filter on embedded Tomcat, with a loopback JWKS, a loopback introspection endpoint and an
 * in-memory key store.
 */
class PluggableCredentialsTest {
  private static final int CONCURRENT_REQUESTS = 1_000;
  private static final int IN_FLIGHT = 100;

  private static JwtIssuer issuer;
  private static IntrospectionServer introspection;
  private static ApiKeyStore store;
  private static RevocationRegistry revocations;
  private static TomcatServer server;
  private static URI resource;

  @BeforeAll
  static void start() {
    issuer = JwtIssuer.start();
    introspection = IntrospectionServer.start();
    store = ApiKeyStore.inMemory();
    ApiKeyResolver apiKeys = ApiKeyResolver.builder(store).scopes(Set.of("mcp")).build();
    revocations = RevocationRegistry.inMemory();
    server =
        TomcatServer.start(
            (context, base) -> {
              resource = base.resolve("/mcp");
              TollgateSettings settings =
                  TollgateSettings.load(
                      SettingSource.of(
                          Map.of(
                              "resource",
                              resource.toString(),
                              "issuer",
                              JwtIssuer.ISSUER,
                              "jwks-uri",
                              issuer.jwksUri().toString(),
                              "introspection-uri",
                              introspection.uri().toString(),
                              "introspection-client-id",
                              IntrospectionServer.CLIENT_ID,
                              "introspection-client-secret",
                              IntrospectionServer.CLIENT_SECRET,
                              "scopes",
                              "mcp",
                              "retry-after",
                              "9")));
              Tollgate gate =
                  settings
                      .configure(Tollgate.builder(), settings.credentialRouter("tgk_", apiKeys))
                      .revocationCheck(revocations)
                      .build();
              TomcatServer.filter(context, "tollgate", new TollgateFilter(gate), "/mcp");
              TomcatServer.servlet(context, "mcp", new McpServlet(), "/mcp");
            });
  }

  @AfterAll
  static void stop() {
    server.close();
    introspection.close();
    issuer.close();
  }

  @Test
  void requestWhenApiKeyAndJwtOfSameAccountThenBothPassAsThatAccount() {
    String account = "acct-" + UUID.randomUUID();
    String key = issue(account);
    String jwt = issuer.token(resource, account, "client-a", "mcp");
    int introspected = introspection.calls();

    HttpResponse<String> withKey = Http.get(resource, key);
    HttpResponse<String> withJwt = Http.get(resource, jwt);

    assertEquals(200, withKey.statusCode(), withKey.body());
    assertEquals(200, withJwt.statusCode(), withJwt.body());
    assertTrue(withKey.body().contains("accessor.account=" + account + "\n"), withKey.body());
    assertTrue(withJwt.body().contains("accessor.account=" + account + "\n"), withJwt.body());
    // The router sends each shape to its one resolver: neither reached the introspection endpoint.
    assertEquals(introspected, introspection.calls());
  }

  @Test
  void requestWhenApiKeyRenewedThenPredecessorRefusedOnNextRequestAndNewKeyPasses() {
    String account = "acct-" + UUID.randomUUID();
    String old = issue(account);
    assertEquals(200, Http.get(resource, old).statusCode());

    ApiKey next = ApiKeyFormat.defaultFormat().generate();
    assertTrue(store.replace(ApiKeyRecord.of(account, next, Instant.now())));
    String renewed = next.value();
    HttpResponse<String> oldAfter = Http.get(resource, old);
    HttpResponse<String> renewedAfter = Http.get(resource, renewed);

    assertEquals(401, oldAfter.statusCode());
    assertTrue(
        oldAfter
            .headers()
            .firstValue("WWW-Authenticate")
            .orElse("")
            .contains("error=\"invalid_token\""),
        oldAfter.headers().toString());
    assertEquals(200, renewedAfter.statusCode(), renewedAfter.body());
  }

  @Test
  void requestWhenClientRevokedThenItsUnexpiredJwtRefusedOnNextRequest() {
    String account = "acct-" + UUID.randomUUID();
    String revoked = issuer.token(resource, account, "client-revoked", "mcp");
    String other = issuer.token(resource, account, "client-kept", "mcp");
    assertEquals(200, Http.get(resource, revoked).statusCode());

    revocations.revokeClient(account, "client-revoked");

    assertEquals(401, Http.get(resource, revoked).statusCode());
    assertEquals(200, Http.get(resource, other).statusCode());
  }

  @Test
  void requestWhenThousandConcurrentFirstUsesOfOpaqueTokenThenOneIntrospectionCall()
      throws Exception {
    String token = "opaque-" + UUID.randomUUID();
    String account = "acct-" + UUID.randomUUID();
    introspection.activate(token, account, resource.toString(), "mcp");
    int before = introspection.calls();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Integer>> statuses = new ArrayList<>();

    for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
      assertTrue(inFlight.tryAcquire(30, TimeUnit.SECONDS), "requests stopped completing");
      statuses.add(
          client
              .sendAsync(
                  Http.request(resource, token).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .thenApply(HttpResponse::statusCode)
              .whenComplete((status, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    for (CompletableFuture<Integer> status : statuses) {
      assertEquals(200, status.join());
    }
    assertEquals(1, introspection.calls() - before);
  }

  @Test
  void requestWhenIntrospectionDownThen503WithRetryAfterAndGoodTokenWorksAtOnceAfterRecovery() {
    String token = "opaque-" + UUID.randomUUID();
    introspection.activate(token, "acct-" + UUID.randomUUID(), resource.toString(), "mcp");
    introspection.down(true);
    HttpResponse<String> during;
    try {
      during = Http.get(resource, token);
    } finally {
      introspection.down(false);
    }

    HttpResponse<String> after = Http.get(resource, token);

    assertEquals(503, during.statusCode());
    assertEquals("9", during.headers().firstValue("Retry-After").orElse(null));
    assertTrue(during.headers().firstValue("WWW-Authenticate").isEmpty());
    assertNotNull(during.body());
    assertEquals(200, after.statusCode(), after.body());
  }

  @Test
  void requestWhenOpaqueTokenInactiveThen401() {
    HttpResponse<String> response = Http.get(resource, "opaque-unknown-" + UUID.randomUUID());

    assertEquals(401, response.statusCode());
  }

  /** A new key of the default format stored for {@code accountId}, as an issuer stores one. */
  private static String issue(String accountId) {
    ApiKey key = ApiKeyFormat.defaultFormat().generate();
    assertTrue(store.insert(ApiKeyRecord.of(accountId, key, Instant.now())));
    return key.value();
  }
}
