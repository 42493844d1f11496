package dev.tollgate.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Resolves JWT access tokens (RFC 9068). API SHELL: to be implemented.
 */
public final class JwtAccessTokenResolver implements CredentialResolver {

  private JwtAccessTokenResolver() {}

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Builds a {@link JwtAccessTokenResolver}. */
  public static final class Builder {
    private Builder() {}

    /** Required. The exact {@code iss} value expected. */
    public Builder issuer(String issuer) { return this; }

    /** The JWK set URL; remote fetching with caching, rate-limited refetch and outage tolerance. */
    public Builder jwksUri(URI jwksUri) { return this; }

    /** Alternative to {@link #jwksUri(URI)}: any Nimbus key source (tests, static keys). */
    public Builder jwkSource(JWKSource<SecurityContext> jwkSource) { return this; }

    /** Required. The resource identifier that {@code aud} must name (RFC 8707). */
    public Builder audience(String audience) { return this; }

    /** Accepted JWS algorithms; default RS256 and ES256. {@code none} and HMAC are refused. */
    public Builder algorithms(Set<JWSAlgorithm> algorithms) { return this; }

    /** Tolerance for {@code exp}, {@code nbf} and future {@code iat}; default 60 seconds. */
    public Builder clockSkew(Duration clockSkew) { return this; }

    /** Clock for time checks; default system UTC. */
    public Builder clock(Clock clock) { return this; }

    /** Claim naming the account; default {@code sub}. */
    public Builder accountIdClaim(String claim) { return this; }

    /** Connect and read timeout for JWKS fetches; default 2 seconds. */
    public Builder jwksTimeout(Duration timeout) { return this; }

    /** How long a fetched JWK set is used before refresh; default 5 minutes. */
    public Builder jwksCacheTtl(Duration ttl) { return this; }

    /** Minimum interval between refetches triggered by unknown {@code kid}s; default 30 seconds. */
    public Builder jwksRefetchInterval(Duration interval) { return this; }

    public JwtAccessTokenResolver build() {
      return new JwtAccessTokenResolver();
    }
  }
}
