package dev.tollgate.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tollgate.Credential;
import dev.tollgate.Resolution;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Cold verification of one access token (no credential cache): our {@link JwtAccessTokenResolver}
 * beside a plain Nimbus {@link DefaultJWTProcessor} and Spring Security's {@link NimbusJwtDecoder},
 * all three on the same local JWK set, key and token, each checking signature, type, issuer,
 * audience and expiry. Budget: ours at or below Spring's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColdVerificationBenchmark {

  @Param({"RS256", "ES256"})
  public String algorithm;

  private String token;
  private Credential credential;
  private JwtAccessTokenResolver tollgate;
  private DefaultJWTProcessor<SecurityContext> nimbus;
  private NimbusJwtDecoder spring;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Fixtures fixtures = new Fixtures();
    token = fixtures.token(JWSAlgorithm.parse(algorithm), Fixtures.PAID_ACCOUNT);
    credential = Credential.of(token);
    tollgate = fixtures.jwtResolver(fixtures.jwkSource());

    nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    nimbus.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), fixtures.jwkSource()));
    nimbus.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Fixtures.AUDIENCE,
            new JWTClaimsSet.Builder().issuer(Fixtures.ISSUER).build(),
            Set.of("sub", "exp", "iat")));

    spring =
        NimbusJwtDecoder.withJwkSource(fixtures.jwkSource())
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .build();
    spring.setJwtValidator(
        JwtValidators.createAtJwtValidator()
            .issuer(Fixtures.ISSUER)
            .audience(Fixtures.AUDIENCE)
            .build());

    // Each must accept the token, or the comparison means nothing.
    if (!(tollgate() instanceof Resolution.Resolved)) {
      throw new IllegalStateException("Tollgate refused the token: " + tollgate());
    }
    nimbus();
    spring();
  }

  @Benchmark
  public Resolution tollgate() {
    return tollgate.resolve(credential);
  }

  @Benchmark
  public JWTClaimsSet nimbus() throws Exception {
    return nimbus.process(SignedJWT.parse(token), null);
  }

  @Benchmark
  public Jwt spring() {
    return spring.decode(token);
  }
}
