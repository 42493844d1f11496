package dev.tollgate.benchmarks.load;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The least a Bearer filter does on a cached request when it keeps only hashes of credentials, as
 * the load test's reference for the warm path: it reads the {@code Authorization} header, checks
 * the scheme, hashes the token with SHA-256 (one {@link MessageDigest} per thread), looks the
 * digest up in a {@link ConcurrentHashMap} and compares the entry's expiry, decided with its scope
 * when the token was verified, with the clock. A token not in the map is verified as {@link
 * NaiveJwtFilter} verifies it. Nothing else: no grammar check, revocation, entitlement, audit,
 * principal, or bound on the map. What the gate costs beyond this filter is what its rules and
 * safeguards cost.
 */
final class DigestLookupFilter implements Filter {
  private static final String SCHEME = "Bearer ";

  /** A verified token: until when it is good, and whether it grants the required scope. */
  private record Verified(long expiresAtMillis, boolean scoped) {}

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-256", e);
            }
          });

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final ConcurrentMap<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();
  private final String scope;
  private final AtomicLong verifications;

  DigestLookupFilter(
      String jwksUri, String issuer, String audience, String scope, AtomicLong verifications)
      throws MalformedURLException {
    this.processor = NaiveJwtFilter.processor(jwksUri, issuer, audience);
    this.scope = scope;
    this.verifications = verifications;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletResponse out = (HttpServletResponse) response;
    String header = ((HttpServletRequest) request).getHeader("Authorization");
    if (header == null
        || header.length() == SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      out.setHeader("WWW-Authenticate", "Bearer");
      out.sendError(401);
      return;
    }
    byte[] bytes = header.getBytes(StandardCharsets.ISO_8859_1);
    MessageDigest sha = SHA_256.get();
    sha.update(bytes, SCHEME.length(), bytes.length - SCHEME.length());
    ByteBuffer key = ByteBuffer.wrap(sha.digest());
    Verified entry = verified.get(key);
    if (entry == null) {
      entry = verify(header.substring(SCHEME.length()));
      if (entry == null) {
        out.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        out.sendError(401);
        return;
      }
      verified.put(key, entry);
    }
    if (entry.expiresAtMillis() <= System.currentTimeMillis() || !entry.scoped()) {
      out.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
      out.sendError(403);
      return;
    }
    chain.doFilter(request, response);
  }

  /** The token as verified, or {@code null} when it does not verify. */
  // Nimbus hands the expiry over as a java.util.Date.
  @SuppressWarnings("JavaUtilDate")
  private @Nullable Verified verify(String token) {
    JWTClaimsSet claims;
    try {
      verifications.incrementAndGet();
      claims = processor.process(token, null);
    } catch (Exception e) {
      return null;
    }
    Date expires = claims.getExpirationTime();
    return new Verified(
        expires == null ? 0 : expires.getTime(), NaiveJwtFilter.grants(claims, scope));
  }
}
