package dev.tollgate.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.CredentialResolver;
import dev.tollgate.CredentialRouter;
import dev.tollgate.RequestView;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.apikey.IssuedApiKey;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.cache.CachingCredentialResolver;
import dev.tollgate.entitlement.Account;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.entitlement.AccountEntitlementPolicy;
import dev.tollgate.entitlement.Plan;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import dev.tollgate.revocation.RevocationRegistry;
import dev.tollgate.scope.McpScopePolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keys, tokens and a fully configured gate shared by the benchmarks: one RSA 2048 and one P-256
 * key, RFC 9068 access tokens padded to about 1 KB (a token with a handful of profile claims), and
 * a gate with revocation, entitlement and scope checks all on.
 */
public final class Fixtures {
  public static final String ISSUER = "https://auth.bench.example";
  public static final String AUDIENCE = "https://mcp.bench.example/mcp";
  public static final String PAID_ACCOUNT = "acct-000042";
  public static final String SCOPE = "mcp";

  /** Size of a typical access token with profile claims; the budget is stated for this size. */
  public static final int TOKEN_LENGTH = 1024;

  /** Accounts and revocations in the in-memory stores, so lookups are not in near-empty maps. */
  public static final int POPULATION = 1_000;

  public final RSAKey rsaKey;
  public final ECKey ecKey;
  public final JWKSet publicKeys;

  public Fixtures() {
    try {
      this.rsaKey =
          new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
      this.ecKey =
          new ECKeyGenerator(Curve.P_256).keyID("ec-1").algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    this.publicKeys = new JWKSet(List.<JWK>of(rsaKey.toPublicJWK(), ecKey.toPublicJWK()));
  }

  private Fixtures(RSAKey rsaKey, ECKey ecKey) {
    this.rsaKey = rsaKey;
    this.ecKey = ecKey;
    this.publicKeys = new JWKSet(List.<JWK>of(rsaKey.toPublicJWK(), ecKey.toPublicJWK()));
  }

  /**
   * Fixtures whose keys are kept in {@code file} (private keys included; a benchmark's throwaway
   * keys): read when it exists, generated and written otherwise, so that several load-test servers
   * accept the same tokens.
   */
  public static Fixtures sharedKeys(Path file) throws IOException {
    if (Files.exists(file)) {
      try {
        JWKSet keys = JWKSet.parse(Files.readString(file));
        return new Fixtures(
            keys.getKeyByKeyId("rsa-1").toRSAKey(), keys.getKeyByKeyId("ec-1").toECKey());
      } catch (ParseException e) {
        throw new IOException("unreadable key file " + file, e);
      }
    }
    Fixtures fixtures = new Fixtures();
    Path partial = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        partial, new JWKSet(List.<JWK>of(fixtures.rsaKey, fixtures.ecKey)).toString(false));
    Files.move(partial, file);
    return fixtures;
  }

  /** The public keys as a local (in-memory) Nimbus key source. */
  public JWKSource<SecurityContext> jwkSource() {
    return new ImmutableJWKSet<>(publicKeys);
  }

  /** An RFC 9068 access token for {@code subject}, about {@link #TOKEN_LENGTH} characters long. */
  public String token(JWSAlgorithm algorithm, String subject) {
    return token(algorithm, subject, TOKEN_LENGTH);
  }

  /** As {@link #token(JWSAlgorithm, String)}, padded with a profile claim to {@code length}. */
  public String token(JWSAlgorithm algorithm, String subject, int length) {
    int signatureLength = JWSAlgorithm.RS256.equals(algorithm) ? 342 : 86;
    int base =
        new SignedJWT(header(algorithm), claims(subject, "")).getSigningInput().length
            + 1
            + signatureLength;
    int padding = Math.max(0, (length - base) * 3 / 4);
    return sign(algorithm, claims(subject, "x".repeat(padding)));
  }

  private JWSHeader header(JWSAlgorithm algorithm) {
    return new JWSHeader.Builder(algorithm)
        .type(new JOSEObjectType("at+jwt"))
        .keyID(JWSAlgorithm.RS256.equals(algorithm) ? rsaKey.getKeyID() : ecKey.getKeyID())
        .build();
  }

  /**
   * A lean RFC 9068 access token (about 600 characters with RS256): only the claims RFC 9068 §2.2
   * requires, a client and a scope, no profile claims.
   */
  public String minimalToken(JWSAlgorithm algorithm, String subject) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return sign(
        algorithm,
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(1, ChronoUnit.HOURS)))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", "bench-client")
            .claim("scope", "mcp")
            .build());
  }

  private String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) {
    try {
      JWSSigner signer =
          JWSAlgorithm.RS256.equals(algorithm) ? new RSASSASigner(rsaKey) : new ECDSASigner(ecKey);
      SignedJWT jwt = new SignedJWT(header(algorithm), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWTClaimsSet claims(String subject, String padding) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(subject)
        .audience(AUDIENCE)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(1, ChronoUnit.HOURS)))
        .jwtID(UUID.randomUUID().toString())
        .claim("client_id", "bench-client")
        .claim("scope", "mcp profile email")
        .claim("email", subject + "@users.bench.example")
        .claim("name", "Bench User " + subject)
        .claim("groups", List.of("engineering", "billing-readers"))
        .claim("tenant", Map.of("id", "t-7", "region", "eu-west"))
        .claim("profile", padding)
        .build();
  }

  /** The JWT resolver over the local key source, as an application would configure it. */
  public JwtAccessTokenResolver jwtResolver(JWKSource<SecurityContext> keys) {
    return JwtAccessTokenResolver.builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .jwkSource(keys)
        .build();
  }

  /** A gate with everything on, and an API key issued to {@link #PAID_ACCOUNT}. */
  public Gate gate() {
    return gate(jwtResolver(jwkSource()));
  }

  /** As {@link #gate()}, with {@code jwt} (below the cache) resolving access tokens. */
  public Gate gate(CredentialResolver jwt) {
    return gate(jwt, CachingCredentialResolver.DEFAULT_MAXIMUM_SIZE);
  }

  /** As {@link #gate(CredentialResolver)}, with a cache holding up to {@code cacheSize} tokens. */
  public Gate gate(CredentialResolver jwt, long cacheSize) {
    return gate(jwt, cacheSize, true);
  }

  /**
   * As {@link #gate(CredentialResolver, long)}; without {@code mcpRules} the gate has no method or
   * tool rule (only the connect scope and the plan or credits), so it never reads a request's body.
   */
  public Gate gate(CredentialResolver jwt, long cacheSize, boolean mcpRules) {
    ApiKeyStore store = ApiKeyStore.inMemory();
    ApiKeyService keys = ApiKeyService.builder(store).build();
    IssuedApiKey issued = keys.create(PAID_ACCOUNT);
    for (int i = 0; i < POPULATION; i++) {
      String other = account(i);
      if (!other.equals(PAID_ACCOUNT)) {
        keys.create(other);
      }
    }
    ApiKeyResolver apiKeys = ApiKeyResolver.builder(store).scopes(Set.of(SCOPE)).build();
    // As TollgateSettings builds it: the router first, access tokens through the cache, API keys
    // straight to their store (never cached, so a renewed or revoked key fails on the next
    // request).
    CachingCredentialResolver cached =
        CachingCredentialResolver.builder(jwt).maximumSize(cacheSize).build();
    CredentialResolver router =
        CredentialRouter.builder().apiKeys("tgk_", apiKeys).jwt(cached).build();

    RevocationRegistry revocations = RevocationRegistry.inMemory();
    List<Account> accounts = new ArrayList<>();
    for (int i = 0; i < POPULATION; i++) {
      String id = account(i);
      accounts.add(
          new Account(id, id.equals(PAID_ACCOUNT) ? Plan.PROFESSIONAL : Plan.FREE, 0, 100));
      if (!id.equals(PAID_ACCOUNT) && i % 10 == 0) {
        revocations.revokeAccount(id);
      }
    }
    revocations.revokeClient(PAID_ACCOUNT, "another-client");
    AccountEntitlementPolicy.Builder entitlement =
        AccountEntitlementPolicy.builder()
            .directory(AccountDirectory.inMemory(accounts))
            .upgradeUri(URI.create("https://bench.example/upgrade"));
    McpScopePolicy.Builder scopes =
        McpScopePolicy.builder()
            .always("mcp:connect")
            .implies("mcp", "mcp:connect", "mcp:tools:read", "mcp:tools:write");
    if (mcpRules) {
      entitlement.toolRequiresPlan("search", Plan.PROFESSIONAL);
      scopes.method("tools/call", "mcp:tools:read").method("tools/list", "mcp:tools:read");
    }
    Tollgate gate =
        Tollgate.builder()
            .resource(URI.create(AUDIENCE))
            .authorizationServer(URI.create(ISSUER))
            .resolver(router)
            .revocationCheck(revocations)
            .entitlementPolicy(entitlement.build())
            .scopePolicy(scopes.build())
            .build();
    return new Gate(gate, cached, issued.key());
  }

  /** Account ids {@code acct-000000} ... ; {@link #PAID_ACCOUNT} is one of them. */
  public static String account(int i) {
    return String.format("acct-%06d", i);
  }

  /** A {@code tools/call} of tool {@code search} on the MCP endpoint, with this credential. */
  public static RequestView request(String credential) {
    return RequestView.withMcpCall(post(credential), "tools/call", "search");
  }

  /**
   * The same POST as a filter sees it before reading the body ({@link #TOOLS_CALL_BODY}): the
   * method and tool are known only once the body is read.
   */
  public static RequestView post(String credential) {
    return RequestView.of(
        "POST",
        "/mcp",
        Map.of(
            "Authorization", List.of("Bearer " + credential),
            "Content-Type", List.of("application/json"),
            "Accept", List.of("application/json, text/event-stream")),
        null);
  }

  /** The JSON-RPC body of that {@code tools/call}, as the load test's client sends it. */
  public static final String TOOLS_CALL_BODY =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":{}}}";

  /** The gate, its credential cache, and the plaintext API key of {@link #PAID_ACCOUNT}. */
  public record Gate(Tollgate tollgate, CachingCredentialResolver cache, String apiKey) {}
}
