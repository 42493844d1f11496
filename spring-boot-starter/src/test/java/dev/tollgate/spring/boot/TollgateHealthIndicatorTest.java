package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.testing.LocalIssuer;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** {@link TollgateHealthIndicator} against real loopback endpoints. */
class TollgateHealthIndicatorTest {

  @Test
  void healthWhenJwksServedThenUpWithOrigin() {
    try (LocalIssuer issuer = LocalIssuer.start()) {
      Health health = indicator(issuer.jwksUri(), null).health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails().get("jwks").toString())
          .contains("endpoint=" + issuer.issuer())
          .contains("status=UP");
    }
  }

  @Test
  void healthWhenJwksUnreachableThenDownWithoutPathOrQuery() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    URI jwks = URI.create("http://127.0.0.1:" + closed + "/secret-path/jwks?access_token=hunter2");

    Health health = indicator(jwks, null).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().toString())
        .contains("endpoint=http://127.0.0.1:" + closed)
        .doesNotContain("hunter2")
        .doesNotContain("secret-path");
  }

  @Test
  void healthWhenJwksAnswersNotFoundThenDown() {
    try (LocalIssuer issuer = LocalIssuer.start()) {
      Health health = indicator(URI.create(issuer.issuer() + "/no-such-jwks"), null).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().toString()).contains("error=HTTP 404");
    }
  }

  @Test
  void healthWhenKeyStoreFailsThenDown() {
    ApiKeyStore failing =
        (ApiKeyStore)
            Proxy.newProxyInstance(
                ApiKeyStore.class.getClassLoader(),
                new Class<?>[] {ApiKeyStore.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException(
                      "connection refused to jdbc:postgresql://db?password=hunter2");
                });

    Health health = new TollgateHealthIndicator(List.of(), failing).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().toString()).contains("api-key-store").doesNotContain("hunter2");
  }

  private static TollgateHealthIndicator indicator(URI jwks, ApiKeyStore apiKeys) {
    return new TollgateHealthIndicator(List.of(new DependencyProbe("jwks", jwks, true)), apiKeys);
  }
}
