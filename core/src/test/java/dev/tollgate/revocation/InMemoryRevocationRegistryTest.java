package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryRevocationRegistryTest extends RevocationRegistryContract {

  @Override
  RevocationRegistry newRegistry(Clock clock) {
    return RevocationRegistry.inMemory(clock);
  }

  @Test
  void revokeWhenCalledConcurrentlyThenNoRevocationLost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int base = thread * 250;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    registry.revokeClient(ACCOUNT, "client-" + (base + i), T0);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1000, registry.revocations().size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(true, registry.isRevoked(token(ACCOUNT, "client-" + i, Instant.EPOCH)));
    }
  }
}
