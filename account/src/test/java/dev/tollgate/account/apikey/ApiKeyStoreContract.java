package dev.tollgate.account.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.Entitlement;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.apikey.ApiKeyFormat;
import dev.tollgate.apikey.ApiKeyResolver;
import dev.tollgate.apikey.ApiKeyStore;
import dev.tollgate.testsupport.ApiKeyStrings;
import dev.tollgate.testsupport.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ApiKeyStore} must give {@link ApiKeyService} and {@link
 * ApiKeyResolver}; one subclass per store. Each test uses its own account, so tests never share
 * rows, and gets a fresh clock (JDBC subclasses share one instance per class).
 */
abstract class ApiKeyStoreContract {
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");
  private static final Resolution INVALID = Resolution.invalid("The API key is invalid");

  MutableClock clock;
  ApiKeyStore store;
  ApiKeyService service;
  ApiKeyResolver resolver;
  String account;

  /** The store under test; the same instance may serve every test of the class. */
  abstract ApiKeyStore store();

  @BeforeEach
  void setUpServiceAndResolver() {
    clock = new MutableClock(NOW);
    store = store();
    service = ApiKeyService.builder(store).clock(clock).build();
    resolver = ApiKeyResolver.builder(store).scopes(Set.of("mcp")).clock(clock).build();
    account = "acct-" + UUID.randomUUID();
  }

  @Test
  void createWhenEligibleThenKeyShownOnceAndResolvesToTheAccount() {
    IssuedApiKey issued = service.create(account);

    assertTrue(issued.key().startsWith("tgk_" + issued.displayPrefix()));
    assertEquals(account, issued.accountId());
    assertEquals(NOW, issued.createdAt());
    TollgatePrincipal principal = resolve(issued.key());
    assertEquals(account, principal.accountId());
    assertEquals(account, principal.subject());
    assertEquals(CredentialKind.API_KEY, principal.kind());
    assertEquals(Set.of("mcp"), principal.scopes());
    assertEquals(NOW, principal.issuedAt());
    assertEquals(issued.displayPrefix(), principal.tokenId());
  }

  @Test
  void describeWhenKeyExistsThenMetadataWithoutTheKey() {
    IssuedApiKey issued = service.create(account);

    ApiKeyMetadata metadata = service.describe(account).orElseThrow();

    assertEquals(new ApiKeyMetadata(account, issued.displayPrefix(), NOW, null), metadata);
    assertFalse(metadata.toString().contains(issued.key()));
    assertFalse(issued.toString().contains(issued.key()));
  }

  @Test
  void describeWhenNoKeyThenEmpty() {
    assertTrue(service.describe(account).isEmpty());
  }

  @Test
  void createWhenKeyExistsThenConflictAndFirstKeyStillValid() {
    IssuedApiKey first = service.create(account);

    ApiKeyRefusedException e =
        assertThrows(ApiKeyRefusedException.class, () -> service.create(account));

    assertEquals(ApiKeyRefusedException.Reason.ALREADY_EXISTS, e.reason());
    assertEquals("The account already has an API key; renew or revoke it instead", e.getMessage());
    assertEquals(account, resolve(first.key()).accountId());
    assertEquals(first.displayPrefix(), service.describe(account).orElseThrow().displayPrefix());
  }

  @Test
  void renewWhenKeyExistsThenOldKeyInvalidAndNewKeyValidOnTheNextCall() {
    IssuedApiKey first = service.create(account);
    clock.advance(java.time.Duration.ofDays(1));

    IssuedApiKey renewed = service.renew(account);

    assertNotEquals(first.key(), renewed.key());
    assertEquals(INVALID, resolver.resolve(Credential.of(first.key())));
    assertEquals(account, resolve(renewed.key()).accountId());
    assertEquals(NOW.plus(java.time.Duration.ofDays(1)), resolve(renewed.key()).issuedAt());
    assertEquals(renewed.displayPrefix(), service.describe(account).orElseThrow().displayPrefix());
  }

  @Test
  void renewWhenNoKeyThenNotFoundAndNothingStored() {
    ApiKeyRefusedException e =
        assertThrows(ApiKeyRefusedException.class, () -> service.renew(account));

    assertEquals(ApiKeyRefusedException.Reason.NOT_FOUND, e.reason());
    assertTrue(service.describe(account).isEmpty());
  }

  @Test
  void revokeWhenKeyExistsThenKeyInvalidAndAccountMayCreateAgain() {
    IssuedApiKey issued = service.create(account);

    assertTrue(service.revoke(account));

    assertEquals(INVALID, resolver.resolve(Credential.of(issued.key())));
    assertTrue(service.describe(account).isEmpty());
    assertFalse(service.revoke(account));
    IssuedApiKey again = service.create(account);
    assertEquals(account, resolve(again.key()).accountId());
    assertEquals(INVALID, resolver.resolve(Credential.of(issued.key())));
  }

  @Test
  void resolveWhenUnknownRevokedRenewedOrWrongKeyThenIndistinguishable() {
    String unknown = ApiKeyFormat.defaultFormat().generate().value();
    String revoked = service.create(account).key();
    service.revoke(account);
    String renewedAway = service.create(account).key();
    String current = service.renew(account).key();
    String wrong = ApiKeyStrings.sameDisplayPrefixOtherBody(current);

    List<Resolution> answers = new ArrayList<>();
    for (String key : List.of(unknown, revoked, renewedAway, wrong)) {
      answers.add(resolver.resolve(Credential.of(key)));
    }

    assertEquals(List.of(INVALID, INVALID, INVALID, INVALID), answers);
    assertEquals(account, resolve(current).accountId());
  }

  @Test
  void createWhenNotEligibleThenRefusedWithTheReasonAndNothingStored() {
    URI upgrade = URI.create("https://example.com/pricing");
    ApiKeyService strict =
        ApiKeyService.builder(store)
            .clock(clock)
            .eligibility(
                accountId ->
                    Entitlement.refused("API keys need a paid plan or purchased credits", upgrade))
            .build();

    ApiKeyRefusedException e =
        assertThrows(ApiKeyRefusedException.class, () -> strict.create(account));

    assertEquals(ApiKeyRefusedException.Reason.NOT_ELIGIBLE, e.reason());
    assertEquals("API keys need a paid plan or purchased credits", e.getMessage());
    assertEquals(upgrade, e.upgradeUri());
    assertTrue(store.findByAccount(account).isEmpty());
    assertTrue(service.describe(account).isEmpty());
  }

  @Test
  void renewWhenNoLongerEligibleThenRefusedAndKeyUnchanged() {
    IssuedApiKey issued = service.create(account);
    ApiKeyService strict =
        ApiKeyService.builder(store)
            .eligibility(accountId -> Entitlement.refused("No paid plan", null))
            .build();

    assertThrows(ApiKeyRefusedException.class, () -> strict.renew(account));

    assertEquals(account, resolve(issued.key()).accountId());
  }

  @Test
  void resolveWhenUsedThenLastUseShownAndKeptThrottled() {
    IssuedApiKey issued = service.create(account);
    clock.advance(java.time.Duration.ofMinutes(5));

    resolve(issued.key());
    assertEquals(
        NOW.plus(java.time.Duration.ofMinutes(5)),
        service.describe(account).orElseThrow().lastUsedAt());

    clock.advance(java.time.Duration.ofSeconds(10));
    resolve(issued.key());
    assertEquals(
        NOW.plus(java.time.Duration.ofMinutes(5)),
        service.describe(account).orElseThrow().lastUsedAt());

    service.renew(account);
    assertNull(service.describe(account).orElseThrow().lastUsedAt());
  }

  @Test
  void createWhenSixteenThreadsRaceForOneAccountThenExactlyOneSucceeds() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<IssuedApiKey>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return service.create(account);
                }));
      }
      start.countDown();

      List<IssuedApiKey> winners = new ArrayList<>();
      int conflicts = 0;
      for (Future<IssuedApiKey> future : futures) {
        try {
          winners.add(future.get(60, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          ApiKeyRefusedException refused =
              assertInstanceOf(ApiKeyRefusedException.class, e.getCause());
          assertEquals(ApiKeyRefusedException.Reason.ALREADY_EXISTS, refused.reason());
          conflicts++;
        }
      }

      assertEquals(1, winners.size());
      assertEquals(threads - 1, conflicts);
      assertEquals(account, resolve(winners.get(0).key()).accountId());
      assertEquals(
          winners.get(0).displayPrefix(), service.describe(account).orElseThrow().displayPrefix());
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void renewWhenRacingResolveThenNeverTwoValidKeysAndNeverNone() throws Exception {
    int renewals = 25;
    int readers = 3;
    int minReads = 20;
    int maxReads = 2_000;
    List<String> keys = new CopyOnWriteArrayList<>(List.of(service.create(account).key()));
    AtomicBoolean renewing = new AtomicBoolean(true);
    AtomicInteger twoValid = new AtomicInteger();
    AtomicInteger comparisons = new AtomicInteger();
    Set<Integer> seenInvalid = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
    try {
      Future<?> renewer =
          pool.submit(
              () -> {
                try {
                  for (int i = 0; i < renewals; i++) {
                    keys.add(service.renew(account).key());
                  }
                } finally {
                  renewing.set(false);
                }
              });
      List<Future<?>> reads = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        reads.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < maxReads && (renewing.get() || i < minReads); i++) {
                    List<String> snapshot = List.copyOf(keys);
                    int newest = snapshot.size() - 1;
                    boolean newestValid = isValid(snapshot.get(newest));
                    if (!newestValid) {
                      seenInvalid.add(newest);
                    }
                    // Once a newer key has resolved, its predecessor must never resolve again.
                    if (newest > 0 && newestValid) {
                      comparisons.incrementAndGet();
                      if (isValid(snapshot.get(newest - 1))) {
                        twoValid.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      renewer.get(120, TimeUnit.SECONDS);
      for (Future<?> read : reads) {
        read.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    assertEquals(0, twoValid.get(), "a renewed-away key resolved after its successor");
    int last = keys.size() - 1;
    assertEquals(renewals, last);
    assertFalse(seenInvalid.contains(last), "the current key was once refused");
    for (int i = 0; i < last; i++) {
      assertEquals(INVALID, resolver.resolve(Credential.of(keys.get(i))), "key " + i);
    }
    assertEquals(account, resolve(keys.get(last)).accountId());
    assertTrue(comparisons.get() > 0, "the readers compared keys");
  }

  private boolean isValid(String key) {
    Resolution resolution = resolver.resolve(Credential.of(key));
    if (resolution instanceof Resolution.Resolved) {
      return true;
    }
    assertEquals(INVALID, resolution);
    return false;
  }

  private TollgatePrincipal resolve(String key) {
    return assertInstanceOf(Resolution.Resolved.class, resolver.resolve(Credential.of(key)))
        .principal();
  }
}
