package dev.tollgate.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiKeyStore#inMemory()} renews atomically for readers that take no lock: while a writer
 * replaces a key, a reader never sees both keys valid, nor neither.
 */
class InMemoryApiKeyStoreRenewalTest {
  private static final int RENEWALS = 300;

  @Test
  void replaceWhenReadersLookUpBothKeysMeanwhileThenNeverBothValidNorNeither() throws Exception {
    ApiKeyStore store = ApiKeyStore.inMemory();
    ApiKey current = ApiKeyFormat.defaultFormat().generate();
    assertTrue(store.insert(ApiKeyRecord.of("acct", current, Instant.now())));
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < RENEWALS; i++) {
        ApiKey next = ApiKeyFormat.defaultFormat().generate();
        String oldHash = current.sha256Hex();
        String newHash = next.sha256Hex();
        CountDownLatch reading = new CountDownLatch(2);
        // Old key first: once it is invalid the renewal happened, so the new key must be valid.
        Future<String> oldFirst =
            readers.submit(
                () -> watch(reading, () -> !valid(store, oldHash), () -> valid(store, newHash)));
        // New key first: once it is valid the renewal happened, so the old key must be invalid.
        Future<String> newFirst =
            readers.submit(
                () -> watch(reading, () -> valid(store, newHash), () -> !valid(store, oldHash)));
        reading.await();
        assertTrue(store.replace(ApiKeyRecord.of("acct", next, Instant.now())));

        assertEquals("", oldFirst.get(10, TimeUnit.SECONDS), "renewal " + i);
        assertEquals("", newFirst.get(10, TimeUnit.SECONDS), "renewal " + i);
        current = next;
      }
    } finally {
      readers.shutdownNow();
    }
  }

  /**
   * Asks {@code renewed} until it holds, then checks {@code then} right after: "" when it held,
   * else what was seen. Gives up after five seconds.
   */
  private static String watch(CountDownLatch reading, Check renewed, Check then) {
    reading.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (renewed.holds()) {
        return then.holds() ? "" : "renewed, but the other key disagreed";
      }
      Thread.onSpinWait();
    }
    return "the renewal was never seen";
  }

  private static boolean valid(ApiKeyStore store, String hash) {
    return store.findByHash(hash).isPresent();
  }

  @FunctionalInterface
  private interface Check {
    boolean holds();
  }
}
