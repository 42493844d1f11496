package dev.tollgate.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A loopback authorization server's signing side: a real RSA key, its public JWK set served over
 * HTTP, and RFC 9068 access tokens signed per test.
 */
public final class JwtIssuer implements AutoCloseable {
  public static final String ISSUER = "https://auth.example.com";

  private final RSAKey key;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final URI jwksUri;

  /** The bearer token the grant API expects (an account annex's grant revoker sends it). */
  public static final String GRANT_ADMIN_TOKEN = "grant-admin-token";

  /** Each grant revocation received: method, raw path and Authorization header. */
  public final List<String> grantRevocations = new CopyOnWriteArrayList<>();

  /** While set, the grant API answers 502. */
  public volatile boolean failGrantRevocations;

  private JwtIssuer() throws IOException, JOSEException {
    key = new RSAKeyGenerator(2048).keyID("it-" + UUID.randomUUID()).generate();
    byte[] jwks = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(jwks);
            }
          }
        });
    server.createContext(
        "/grants/",
        exchange -> {
          try (exchange) {
            grantRevocations.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI().getRawPath()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(failGrantRevocations ? 502 : 204, -1);
          }
        });
    server.setExecutor(executor);
    server.start();
    jwksUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  public static JwtIssuer start() {
    try {
      return new JwtIssuer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public URI jwksUri() {
    return jwksUri;
  }

  /** The grant API's URL template, {@code .../grants/{subject}/{client}}. */
  public String grantTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/grants/{subject}/{client}";
  }

  /**
   * A ten-minute access token for {@code audience}, issued now to {@code clientId} for {@code
   * account}.
   */
  public String token(String audience, String account, String clientId, String scope) {
    return token(audience, account, clientId, scope, Instant.now(), null);
  }

  /**
   * As above, issued at {@code issuedAt} on a grant the person approved at {@code authTime} (no
   * {@code auth_time} claim when null): a refreshed token has a new {@code iat} and its grant's
   * {@code auth_time}.
   */
  public String token(
      String audience,
      String account,
      String clientId,
      String scope,
      Instant issuedAt,
      @Nullable Instant authTime) {
    Map<String, Object> extra = new HashMap<>();
    if (authTime != null) {
      extra.put("auth_time", authTime.getEpochSecond());
    }
    return sign(
        audience, account, clientId, scope, issuedAt, issuedAt.plus(Duration.ofMinutes(10)), extra);
  }

  /** A token for {@code account} from {@code client}, issued a few seconds ago, valid 5 minutes. */
  public String token(URI audience, String account, String client, String scope) {
    return token(audience, account, client, scope, Map.of());
  }

  /** As above, with further claims. */
  public String token(
      URI audience, String account, String client, String scope, Map<String, Object> extra) {
    Instant now = Instant.now();
    return sign(
        audience.toString(),
        account,
        client,
        scope,
        now.minusSeconds(5),
        now.plusSeconds(300),
        extra);
  }

  private String sign(
      String audience,
      String account,
      String client,
      String scope,
      Instant issuedAt,
      Instant expiresAt,
      Map<String, Object> extra) {
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    extra.forEach(builder::claim);
    JWTClaimsSet claims =
        builder
            .issuer(ISSUER)
            .audience(audience)
            .subject(account)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", client)
            .claim("scope", scope)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(new JOSEObjectType("at+jwt"))
            .keyID(key.getKeyID())
            .build();
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
