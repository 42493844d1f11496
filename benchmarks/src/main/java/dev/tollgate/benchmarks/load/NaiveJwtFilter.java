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
 */
final class NaiveJwtFilter implements Filter {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final ConcurrentMap<String, JWTClaimsSet> verified = new ConcurrentHashMap<>();
  private final String scope;
  private final AtomicLong verifications;

  NaiveJwtFilter(
      String jwksUri, String issuer, String audience, String scope, AtomicLong verifications)
      throws MalformedURLException {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(jwksUri)).build();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp", "iat")));
    this.scope = scope;
    this.verifications = verifications;
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
    JWTClaimsSet claims = verified.get(token);
    if (claims == null) {
      try {
        verifications.incrementAndGet();
        claims = processor.process(token, null);
      } catch (Exception e) {
        out.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        out.sendError(401);
        return;
      }
      verified.put(token, claims);
    }
    Date expires = claims.getExpirationTime();
    Object scopes = claims.getClaim("scope");
    if (expires == null
        || expires.getTime() <= System.currentTimeMillis()
        || !(scopes instanceof String granted)
        || !List.of(granted.split(" ")).contains(scope)) {
      out.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
      out.sendError(403);
      return;
    }
    chain.doFilter(request, response);
  }
}
