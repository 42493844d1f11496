package dev.tollgate.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tollgate.DependencyUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingAccountDirectoryTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final ConcurrentHashMap<String, Account> store = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AccountDirectory counting =
      accountId -> {
        lookups.incrementAndGet();
        if (down.get()) {
          throw new DependencyUnavailableException("account-store", null);
        }
        return Optional.ofNullable(store.get(accountId));
      };
  private final CachingAccountDirectory directory =
      CachingAccountDirectory.builder(counting).ttl(Duration.ofSeconds(30)).ticker(ticker).build();

  @Test
  void findWhenAskedTwiceWithinTtlThenStoreAskedOnce() {
    store.put("a", new Account("a", Plan.FREE, 0, 0));

    directory.find("a");
    advance(Duration.ofSeconds(29));
    Optional<Account> again = directory.find("a");

    assertEquals(Plan.FREE, again.orElseThrow().plan());
    assertEquals(1, lookups.get());
  }

  @Test
  void findWhenTtlElapsedThenStoreAskedAgainAndChangeSeen() {
    store.put("a", new Account("a", Plan.FREE, 0, 0));
    directory.find("a");
    store.put("a", new Account("a", Plan.PROFESSIONAL, 0, 0));

    advance(Duration.ofSeconds(31));

    assertEquals(Plan.PROFESSIONAL, directory.find("a").orElseThrow().plan());
    assertEquals(2, lookups.get());
  }

  @Test
  void findWhenInvalidatedThenChangeSeenAtOnce() {
    store.put("a", new Account("a", Plan.FREE, 0, 0));
    directory.find("a");
    store.put("a", new Account("a", Plan.ENTERPRISE, 0, 0));

    directory.invalidate("a");

    assertEquals(Plan.ENTERPRISE, directory.find("a").orElseThrow().plan());
  }

  @Test
  void findWhenUnknownThenAbsenceCachedBriefly() {
    assertTrue(directory.find("ghost").isEmpty());
    assertTrue(directory.find("ghost").isEmpty());
    assertEquals(1, lookups.get());

    store.put("ghost", new Account("ghost", Plan.PROFESSIONAL, 0, 0));
    advance(Duration.ofSeconds(31));

    assertTrue(directory.find("ghost").isPresent());
  }

  @Test
  void findWhenStoreDownThenThrowsAndFailureNotCached() {
    store.put("a", new Account("a", Plan.PROFESSIONAL, 0, 0));
    down.set(true);

    assertThrows(DependencyUnavailableException.class, () -> directory.find("a"));
    down.set(false);

    assertEquals(Plan.PROFESSIONAL, directory.find("a").orElseThrow().plan());
    assertEquals(2, lookups.get());
  }

  @Test
  void findWhenConcurrentMissesThenOneLookup() throws Exception {
    store.put("a", new Account("a", Plan.FREE, 1, 0));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger slowLookups = new AtomicInteger();
    CachingAccountDirectory slow =
        CachingAccountDirectory.builder(
                accountId -> {
                  slowLookups.incrementAndGet();
                  try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return Optional.ofNullable(store.get(accountId));
                })
            .ticker(ticker)
            .build();
    List<Thread> threads = new ArrayList<>();
    List<Optional<Account>> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread thread = new Thread(() -> results.add(slow.find("a")));
      threads.add(thread);
      thread.start();
    }
    // Give every thread the chance to reach the cache before the one lookup returns.
    while (slowLookups.get() == 0) {
      Thread.onSpinWait();
    }
    release.countDown();
    for (Thread thread : threads) {
      thread.join(10_000);
    }

    assertEquals(8, results.size());
    assertEquals(1, slowLookups.get());
  }

  @Test
  void buildWhenTtlNotPositiveThenFailsNamingSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> CachingAccountDirectory.builder(counting).ttl(Duration.ZERO).build());
    assertTrue(e.getMessage().startsWith("ttl"), e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> CachingAccountDirectory.builder(counting).maximumSize(0).build());
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
