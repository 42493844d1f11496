package dev.tollgate.benchmarks.load;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The yardstick for the cold path under load: what a developer writes in an afternoon. Nimbus'
 * {@link DefaultJWTProcessor} (type, RS256 signature against a remote JWK set, issuer, audience,
 * {@code exp}) on every token not seen before, verified tokens kept in a {@link ConcurrentHashMap}
 * keyed by the token itself, one scope checked. No single flight, no bound on the map, no audit, no
 * revocation, no entitlement: it does less than the gate, which is the point of comparing against
 * it.
 *
 * <p>With {@code hashedKeys}, the map is keyed by the token's SHA-256 digest instead (a {@link
 * MessageDigest} looked up per request, as a developer writes it), as a filter must that keeps only
 * hashes of credentials. {@link DigestLookupFilter} is the same idea with nothing to spare.
 */
final class NaiveJwtFilter implements Filter {
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final ConcurrentMap<Object, JWTClaimsSet> verified = new ConcurrentHashMap<>();
  private final String scope;
  private final AtomicLong verifications;
  private final boolean hashedKeys;

  NaiveJwtFilter(
      String jwksUri,
      String issuer,
      String audience,
      String scope,
      AtomicLong verifications,
      boolean hashedKeys)
      throws MalformedURLException {
    this.processor = processor(jwksUri, issuer, audience);
    this.scope = scope;
    this.verifications = verifications;
    this.hashedKeys = hashedKeys;
  }

  /**
   * Nimbus' processor as a developer sets it up: type {@code at+jwt}, RS256 against the remote JWK
   * set, issuer, audience, and {@code sub}, {@code exp} and {@code iat} required.
   */
  static DefaultJWTProcessor<SecurityContext> processor(
      String jwksUri, String issuer, String audience) throws MalformedURLException {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(jwksUri)).build();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp", "iat")));
    return processor;
  }

  /** Whether the token's space-separated {@code scope} claim holds {@code scope}. */
  static boolean grants(JWTClaimsSet claims, String scope) {
    return claims.getClaim("scope") instanceof String granted
        && List.of(granted.split(" ")).contains(scope);
  }

  /** The token itself, or its SHA-256 digest (a {@link ByteBuffer} compares by content). */
  private Object key(String token) {
    if (!hashedKeys) {
      return token;
    }
    try {
      return ByteBuffer.wrap(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  // Nimbus hands the expiry over as a java.util.Date; the naive filter takes it as it comes.
  @SuppressWarnings("JavaUtilDate")
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    String header = http.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      out.setHeader("WWW-Authenticate", "Bearer");
      out.sendError(401);
      return;
    }
    String token = header.substring(7);
    Object key = key(token);
    JWTClaimsSet claims = verified.get(key);
    if (claims == null) {
      try {
        verifications.incrementAndGet();
        claims = processor.process(token, null);
      } catch (Exception e) {
        out.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        out.sendError(401);
        return;
      }
      verified.put(key, claims);
    }
    Date expires = claims.getExpirationTime();
    if (expires == null
        || expires.getTime() <= System.currentTimeMillis()
        || !grants(claims, scope)) {
      out.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
      out.sendError(403);
      return;
    }
    chain.doFilter(request, response);
  }
}
