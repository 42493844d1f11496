package dev.tollgate.account.servlet;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in authorization server: a real RSA key pair, its public JWK set served over loopback
 * HTTP, RFC 9068 access tokens signed with the private key, and a grant API that records each
 * {@code DELETE /grants/...} (answering 204, or 502 while {@link #failGrantRevocations} is set).
 */
final class JwtIssuer implements AutoCloseable {
  static final String ISSUER = "https://auth.example.test";
  static final String GRANT_ADMIN_TOKEN = "grant-admin-token";

  private final RSAKey key;
  private final HttpServer server;

  /** Each grant revocation received: its raw path and Authorization header. */
  final List<String> grantRevocations = new CopyOnWriteArrayList<>();

  volatile boolean failGrantRevocations;

  private JwtIssuer(RSAKey key, HttpServer server) {
    this.key = key;
    this.server = server;
  }

  static JwtIssuer start() {
    try {
      RSAKey key = new RSAKeyGenerator(2048).keyID("k-" + UUID.randomUUID()).generate();
      byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/jwks",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(jwks);
            }
          });
      JwtIssuer issuer = new JwtIssuer(key, server);
      server.createContext(
          "/grants/",
          exchange -> {
            issuer.grantRevocations.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI().getRawPath()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(issuer.failGrantRevocations ? 502 : 204, -1);
            exchange.close();
          });
      server.start();
      return issuer;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI jwksUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  /** The grant API's URL template for {@code GrantRevoker.httpDelete}. */
  String grantTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/grants/{subject}/{client}";
  }

  /**
   * A ten-minute access token for {@code audience}, issued now to {@code clientId} for {@code
   * account}.
   */
  String token(String audience, String account, String clientId, String scope) {
    return token(audience, account, clientId, scope, Instant.now(), null);
  }

  /**
   * As above, issued at {@code issuedAt} on a grant the person approved at {@code authTime} (no
   * {@code auth_time} claim when null): a refreshed token has a new {@code iat} and its grant's
   * {@code auth_time}.
   */
  String token(
      String audience,
      String account,
      String clientId,
      String scope,
      Instant issuedAt,
      @Nullable Instant authTime) {
    Instant now = issuedAt;
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    if (authTime != null) {
      builder.claim("auth_time", authTime.getEpochSecond());
    }
    JWTClaimsSet claims =
        builder
            .issuer(ISSUER)
            .audience(audience)
            .subject(account)
            .claim("client_id", clientId)
            .claim("scope", scope)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
