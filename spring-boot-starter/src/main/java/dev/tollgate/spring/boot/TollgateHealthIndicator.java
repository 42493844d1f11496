package dev.tollgate.spring.boot;

import dev.tollgate.apikey.ApiKeyStore;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of what the gate depends on: the JWK set, the introspection endpoint and the API key
 * store. DOWN when any is; the details name each dependency's origin and the kind of failure only,
 * so the health endpoint never shows a credential or a full URL.
 */
final class TollgateHealthIndicator implements HealthIndicator {
  /** The account looked up to probe the key store: none has it, so the lookup reads nothing. */
  static final String PROBE_ACCOUNT = "tollgate-health-probe";

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(DependencyProbe.TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final List<DependencyProbe> probes;
  private final @Nullable ApiKeyStore apiKeys;

  TollgateHealthIndicator(List<DependencyProbe> probes, @Nullable ApiKeyStore apiKeys) {
    this.probes = List.copyOf(probes);
    this.apiKeys = apiKeys;
  }

  @Override
  public Health health() {
    boolean up = true;
    Health.Builder health = Health.unknown();
    for (DependencyProbe probe : probes) {
      Map<String, Object> details = probe.probe(client);
      up &= "UP".equals(details.get("status"));
      health.withDetail(probe.name(), details);
    }
    if (apiKeys != null) {
      String status = "UP";
      try {
        apiKeys.findByAccount(PROBE_ACCOUNT);
      } catch (RuntimeException e) {
        status = "DOWN";
        up = false;
      }
      health.withDetail("api-key-store", Map.of("status", status));
    }
    return (up ? health.up() : health.down()).build();
  }
}
