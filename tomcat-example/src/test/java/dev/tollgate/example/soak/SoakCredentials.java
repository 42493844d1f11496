package dev.tollgate.example.soak;

import dev.tollgate.apikey.ApiKeyFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A credential of each {@link CredentialKind}. Half the valid tokens come from a small pool minted
 * up front, so the gate's cache answers them; the other half, and every bad token, are new, so the
 * gate has to ask the dependency (and the cache has to make room).
 */
final class SoakCredentials {
  /** Two tokens per entitled account: enough to share cache entries across client threads. */
  private static final int POOL_PER_ACCOUNT = 2;

  private static final Duration FRESH_LIFETIME = Duration.ofMinutes(10);
  private static final String FREE_ACCOUNT = "demo-free";

  /** A credential and whether it was never sent before. */
  record Issued(String token, boolean fresh) {}

  private final SoakIssuer issuer;
  private final List<String> jwtPool = new ArrayList<>();
  private final List<String> opaquePool = new ArrayList<>();
  private final List<String> apiKeys;

  /**
   * @param apiKeys the example's demo API key per entitled account
   * @param runLength how long pooled tokens must stay valid
   */
  SoakCredentials(SoakIssuer issuer, Map<String, String> apiKeys, Duration runLength) {
    this.issuer = issuer;
    this.apiKeys = List.copyOf(apiKeys.values());
    for (String account : SoakIssuer.entitledAccounts()) {
      for (int i = 0; i < POOL_PER_ACCOUNT; i++) {
        jwtPool.add(issuer.jwt(account, true, true, runLength.plus(FRESH_LIFETIME)));
        opaquePool.add(issuer.opaque(account, true, true));
      }
    }
  }

  Issued next(CredentialKind kind) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String account =
        SoakIssuer.entitledAccounts().get(random.nextInt(SoakIssuer.entitledAccounts().size()));
    boolean pooled = random.nextBoolean();
    return switch (kind) {
      case JWT_VALID ->
          pooled
              ? new Issued(jwtPool.get(random.nextInt(jwtPool.size())), false)
              : fresh(issuer.jwt(account, true, true, FRESH_LIFETIME));
      case JWT_FREE_ACCOUNT -> fresh(issuer.jwt(FREE_ACCOUNT, true, true, FRESH_LIFETIME));
      case JWT_BAD_SIGNATURE -> fresh(issuer.jwt(account, true, false, FRESH_LIFETIME));
      case JWT_EXPIRED -> fresh(issuer.jwt(account, true, true, Duration.ofMinutes(-10)));
      case JWT_WRONG_AUDIENCE -> fresh(issuer.jwt(account, false, true, FRESH_LIFETIME));
      case OPAQUE_VALID ->
          pooled
              ? new Issued(opaquePool.get(random.nextInt(opaquePool.size())), false)
              : fresh(issuer.opaque(account, true, true));
      case OPAQUE_FREE_ACCOUNT -> fresh(issuer.opaque(FREE_ACCOUNT, true, true));
      case OPAQUE_INACTIVE -> fresh(issuer.opaque(account, true, false));
      case OPAQUE_WRONG_AUDIENCE -> fresh(issuer.opaque(account, false, true));
      case API_KEY_VALID -> new Issued(apiKeys.get(random.nextInt(apiKeys.size())), false);
      case API_KEY_UNKNOWN -> fresh(ApiKeyFormat.defaultFormat().generate().value());
    };
  }

  private static Issued fresh(String token) {
    return new Issued(token, true);
  }
}
