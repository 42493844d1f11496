package dev.tollgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CachingCredentialResolverTest {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** A resolver that counts its calls and answers what the test says. */
  static final class Counting implements CredentialResolver {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Function<Credential, Resolution>> answer;

    Counting(Function<Credential, Resolution> answer) {
      this.answer = new AtomicReference<>(answer);
    }

    @Override
    public Resolution resolve(Credential credential) {
      calls.incrementAndGet();
      return answer.get().apply(credential);
    }
  }

  private final MutableClock time = new MutableClock(START);

  static Resolution principalExpiringAt(Instant expiresAt) {
    return Resolution.resolved(TollgatePrincipal.builder("acct-1").expiresAt(expiresAt).build());
  }

  CachingCredentialResolver.Builder cache(CredentialResolver delegate) {
    return CachingCredentialResolver.builder(delegate).ticker(time::nanoTime).clock(time);
  }

  @Test
  void resolveWhenPrincipalExpiresBeforeMaxThenServedUntilItsExpiry() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(60)));
    CachingCredentialResolver cache = cache(delegate).maxLifetime(Duration.ofMinutes(5)).build();
    Credential token = Credential.of("token-a");

    Resolution first = cache.resolve(token);
    time.advance(Duration.ofSeconds(59));
    Resolution second = cache.resolve(token);

    assertSame(first, second);
    assertEquals(1, delegate.calls.get());
    time.advance(Duration.ofSeconds(2));
    cache.resolve(token);
    assertEquals(2, delegate.calls.get());
  }

  @Test
  void resolveWhenPrincipalOutlivesMaxThenServedForMaxOnly() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plus(Duration.ofHours(1))));
    CachingCredentialResolver cache = cache(delegate).maxLifetime(Duration.ofMinutes(5)).build();
    Credential token = Credential.of("token-a");

    cache.resolve(token);
    time.advance(Duration.ofMinutes(5).minusSeconds(1));
    cache.resolve(token);
    assertEquals(1, delegate.calls.get());
    time.advance(Duration.ofSeconds(2));
    cache.resolve(token);

    assertEquals(2, delegate.calls.get());
  }

  @Test
  void resolveWhenPrincipalHasNoExpiryThenServedForMax() {
    Counting delegate =
        new Counting(c -> Resolution.resolved(TollgatePrincipal.builder("acct-1").build()));
    CachingCredentialResolver cache = cache(delegate).maxLifetime(Duration.ofSeconds(30)).build();
    Credential token = Credential.of("token-a");

    cache.resolve(token);
    time.advance(Duration.ofSeconds(29));
    cache.resolve(token);
    assertEquals(1, delegate.calls.get());
    time.advance(Duration.ofSeconds(2));
    cache.resolve(token);

    assertEquals(2, delegate.calls.get());
  }

  @Test
  void resolveWhenWallClockPassesExpiryBeforeTickerThenExpiredPrincipalNotServed() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(60)));
    MutableClock wall = new MutableClock(START);
    CachingCredentialResolver cache =
        CachingCredentialResolver.builder(delegate)
            .ticker(time::nanoTime)
            .clock(wall)
            .maxLifetime(Duration.ofHours(1))
            .build();
    Credential token = Credential.of("token-a");

    assertInstanceOf(Resolution.Resolved.class, cache.resolve(token));
    wall.advance(Duration.ofSeconds(61)); // the wall clock jumps; the monotonic ticker does not

    Resolution later = cache.resolve(token);

    assertEquals(
        "The access token has expired", assertInstanceOf(Resolution.Invalid.class, later).reason());
    assertFalse(cache.keys().contains(token.sha256Hex()));
  }

  @Test
  void resolveWhenDelegateAnswersAlreadyExpiredPrincipalThenNotCached() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.minusSeconds(1)));
    CachingCredentialResolver cache = cache(delegate).build();
    Credential token = Credential.of("token-a");

    cache.resolve(token);
    Resolution second = cache.resolve(token);

    assertEquals(2, delegate.calls.get());
    assertInstanceOf(Resolution.Resolved.class, second);
  }

  @Test
  void resolveWhenInvalidThenCachedForRejectedLifetimeThenAskedAgain() {
    Counting delegate = new Counting(c -> Resolution.invalid("The access token is not active"));
    CachingCredentialResolver cache = cache(delegate).build();
    Credential token = Credential.of("bad-token");

    cache.resolve(token);
    time.advance(Duration.ofSeconds(9));
    Resolution cached = cache.resolve(token);
    assertEquals(1, delegate.calls.get());
    time.advance(Duration.ofSeconds(2));
    cache.resolve(token);

    assertInstanceOf(Resolution.Invalid.class, cached);
    assertEquals(2, delegate.calls.get());
  }

  @Test
  void resolveWhenNotMineThenCachedLikeInvalid() {
    Counting delegate = new Counting(c -> Resolution.notMine());
    CachingCredentialResolver cache =
        cache(delegate).rejectedLifetime(Duration.ofSeconds(3)).build();
    Credential token = Credential.of("someone-elses");

    cache.resolve(token);
    time.advance(Duration.ofSeconds(2));
    assertInstanceOf(Resolution.NotMine.class, cache.resolve(token));
    assertEquals(1, delegate.calls.get());
    time.advance(Duration.ofSeconds(2));
    cache.resolve(token);

    assertEquals(2, delegate.calls.get());
  }

  @Test
  void resolveWhenRejectedLifetimeZeroThenRefusalsNotCached() {
    Counting delegate = new Counting(c -> Resolution.invalid("The access token is not active"));
    CachingCredentialResolver cache = cache(delegate).rejectedLifetime(Duration.ZERO).build();
    Credential token = Credential.of("bad-token");

    for (int i = 0; i < 3; i++) {
      cache.resolve(token);
    }

    assertEquals(3, delegate.calls.get());
  }

  @Test
  void resolveWhenUnavailableThenNeverCachedAndRecoveryAskedAtOnce() {
    Resolution good = principalExpiringAt(START.plusSeconds(3600));
    Counting delegate = new Counting(c -> Resolution.unavailable("introspection"));
    CachingCredentialResolver cache = cache(delegate).build();
    Credential token = Credential.of("token-a");

    for (int i = 0; i < 3; i++) {
      assertInstanceOf(Resolution.Unavailable.class, cache.resolve(token));
    }
    delegate.answer.set(c -> good);

    assertSame(good, cache.resolve(token));
    assertSame(good, cache.resolve(token));
    assertEquals(4, delegate.calls.get());
  }

  @Test
  void resolveWhenDelegateThrowsThenPropagatedAndNotCached() {
    Counting delegate =
        new Counting(
            c -> {
              throw new IllegalStateException("resolver bug");
            });
    CachingCredentialResolver cache = cache(delegate).build();
    Credential token = Credential.of("token-a");

    assertThrows(IllegalStateException.class, () -> cache.resolve(token));
    assertThrows(IllegalStateException.class, () -> cache.resolve(token));

    assertEquals(2, delegate.calls.get());
    assertTrue(cache.keys().isEmpty());
  }

  @Test
  void keysWhenCredentialsCachedThenOnlyTheirSha256Hashes() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(600)));
    CachingCredentialResolver cache = cache(delegate).build();
    Credential first = Credential.of("first-secret-token");
    Credential second = Credential.of("second-secret-token");

    cache.resolve(first);
    cache.resolve(second);

    assertEquals(Set.of(first.sha256Hex(), second.sha256Hex()), cache.keys());
    for (String key : cache.keys()) {
      assertTrue(key.matches("[0-9a-f]{64}"), key);
      assertFalse(key.contains("secret"), key);
    }
  }

  @Test
  void resolveWhenMoreCredentialsThanMaximumSizeThenBounded() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(600)));
    CachingCredentialResolver cache = cache(delegate).maximumSize(10).build();

    for (int i = 0; i < 100; i++) {
      cache.resolve(Credential.of("token-" + i));
    }
    cache.cleanUp();

    assertTrue(cache.keys().size() <= 10, "size " + cache.keys().size());
    assertEquals(100, delegate.calls.get());
  }

  @Test
  void invalidateWhenCalledThenNextResolveAsksDelegate() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(600)));
    CachingCredentialResolver cache = cache(delegate).build();
    Credential first = Credential.of("token-a");
    Credential second = Credential.of("token-b");
    cache.resolve(first);
    cache.resolve(second);

    cache.invalidate(first);
    cache.resolve(first);
    cache.resolve(second);
    assertEquals(3, delegate.calls.get());

    cache.invalidateAll();
    cache.resolve(first);
    cache.resolve(second);
    assertEquals(5, delegate.calls.get());
  }

  @Test
  void resolveWhenConcurrentMissesForOneCredentialThenOneDelegateCall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Counting delegate =
        new Counting(
            c -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return principalExpiringAt(START.plusSeconds(600));
            });
    CachingCredentialResolver cache = cache(delegate).build();
    List<Resolution> answers = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread thread = new Thread(() -> answers.add(cache.resolve(Credential.of("token-a"))));
      threads.add(thread);
      thread.start();
    }
    // Every thread is either asking the delegate (held by the latch) or waiting for that answer.
    for (Thread thread : threads) {
      while (thread.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }
    release.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertEquals(1, delegate.calls.get());
    assertEquals(8, answers.size());
    assertTrue(answers.stream().allMatch(answer -> answer == answers.get(0)));
    assertEquals(answers.get(0), cache.resolve(Credential.of("token-a")));
    assertEquals(1, delegate.calls.get());
  }

  @Test
  void resolveWhenConcurrentMissIsUnavailableThenWaitersShareItAndNextRequestAsksAgain()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Counting delegate =
        new Counting(
            c -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Resolution.unavailable("jwks");
            });
    CachingCredentialResolver cache = cache(delegate).build();
    List<Resolution> answers = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread thread = new Thread(() -> answers.add(cache.resolve(Credential.of("token-a"))));
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      while (thread.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }
    release.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertEquals(1, delegate.calls.get());
    assertTrue(answers.stream().allMatch(answer -> answer instanceof Resolution.Unavailable));
    cache.resolve(Credential.of("token-a"));
    assertEquals(2, delegate.calls.get());
  }

  @Test
  void statsWhenHitsAndMissesThenCounted() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(600)));
    CachingCredentialResolver cache = cache(delegate).build();

    cache.resolve(Credential.of("token-a"));
    cache.resolve(Credential.of("token-a"));
    cache.resolve(Credential.of("token-a"));
    cache.resolve(Credential.of("token-b"));

    assertEquals(new CachingCredentialResolver.Stats(2, 2, 2), cache.stats());
  }

  @Test
  void builderWhenSettingsOutOfRangeThenRefusedNamingSetting() {
    CachingCredentialResolver.Builder builder = CachingCredentialResolver.builder(c -> null);
    Set<String> messages = new HashSet<>();

    messages.add(
        assertThrows(IllegalArgumentException.class, () -> builder.maxLifetime(Duration.ZERO))
            .getMessage());
    messages.add(
        assertThrows(
                IllegalArgumentException.class,
                () -> builder.rejectedLifetime(Duration.ofSeconds(-1)))
            .getMessage());
    messages.add(
        assertThrows(IllegalArgumentException.class, () -> builder.maximumSize(0)).getMessage());

    assertTrue(messages.stream().anyMatch(m -> m.startsWith("maxLifetime")), messages.toString());
    assertTrue(
        messages.stream().anyMatch(m -> m.startsWith("rejectedLifetime")), messages.toString());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("maximumSize")), messages.toString());
  }

  @Test
  void maxLifetimeWhenSetTwiceThenFailsNamingIt() {
    CachingCredentialResolver.Builder builder =
        CachingCredentialResolver.builder(credential -> Resolution.notMine())
            .maxLifetime(java.time.Duration.ofMinutes(1));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> builder.maxLifetime(java.time.Duration.ofMinutes(2)));

    assertEquals("maxLifetime was already set to PT1M", e.getMessage());
  }

  @Test
  void knownWhenNotCachedThenNullAndNothingAskedOrCounted() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(60)));
    CachingCredentialResolver cache = cache(delegate).build();

    assertNull(cache.known(Credential.of("token-a")));

    assertEquals(0, delegate.calls.get());
    assertEquals(new CachingCredentialResolver.Stats(0, 0, 0), cache.stats());
  }

  @Test
  void knownWhenCachedThenTheCachedResolutionCountedAsHit() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(60)));
    CachingCredentialResolver cache = cache(delegate).build();
    Resolution resolved = cache.resolve(Credential.of("token-a"));

    Resolution known = cache.known(Credential.of("token-a"));

    assertSame(resolved, known);
    assertNull(cache.known(Credential.of("token-b")));
    assertEquals(1, delegate.calls.get());
    assertEquals(1, cache.stats().hitCount());
    assertEquals(1, cache.stats().missCount());
  }

  @Test
  void knownWhenWallClockPassesExpiryBeforeTickerThenExpiredAsResolveWouldAnswer() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(60)));
    MutableClock wall = new MutableClock(START);
    CachingCredentialResolver cache =
        CachingCredentialResolver.builder(delegate)
            .ticker(time::nanoTime)
            .clock(wall)
            .maxLifetime(Duration.ofHours(1))
            .build();
    cache.resolve(Credential.of("token-a"));
    wall.advance(Duration.ofSeconds(61)); // the wall clock jumps; the monotonic ticker does not

    Resolution known = cache.known(Credential.of("token-a"));

    assertEquals(
        "The access token has expired", assertInstanceOf(Resolution.Invalid.class, known).reason());
  }

  @Test
  void knownWhenCredentialUncheckedThenAnsweredFromItsHashWithoutReadingItsValue() {
    Counting delegate = new Counting(c -> principalExpiringAt(START.plusSeconds(60)));
    CachingCredentialResolver cache = cache(delegate).build();
    Resolution resolved = cache.resolve(Credential.of("abc.def.ghi"));
    String header = "Bearer abc.def.ghi";

    Credential unchecked = Credential.ofUncheckedHeader(header, 7, header.length());

    assertSame(resolved, cache.known(unchecked));
    assertEquals(1, delegate.calls.get());
  }
}
