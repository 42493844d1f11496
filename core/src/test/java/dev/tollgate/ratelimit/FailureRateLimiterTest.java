package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureRateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final FailureRateLimiter limiter =
      FailureRateLimiter.builder(5, Duration.ofMinutes(1)).ticker(nanos::get).build();

  @Test
  void blockedForWhenFewerFailuresThanLimitThenNotBlocked() {
    for (int i = 0; i < 4; i++) {
      limiter.recordFailure("192.0.2.1");
    }

    assertNull(limiter.blockedFor("192.0.2.1"));
  }

  @Test
  void blockedForWhenLimitReachedThenBlockedForOneInterval() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure("192.0.2.1");
    }

    assertEquals(Duration.ofSeconds(12), limiter.blockedFor("192.0.2.1"));
  }

  @Test
  void blockedForWhenIntervalPassesThenOneMoreAttemptThenBlockedAgain() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure("192.0.2.1");
    }
    advance(Duration.ofSeconds(12));

    assertNull(limiter.blockedFor("192.0.2.1"));
    limiter.recordFailure("192.0.2.1");
    assertEquals(Duration.ofSeconds(12), limiter.blockedFor("192.0.2.1"));
  }

  @Test
  void blockedForWhenPartOfIntervalPassedThenRemainingTime() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure("192.0.2.1");
    }
    advance(Duration.ofSeconds(5));

    assertEquals(Duration.ofSeconds(7), limiter.blockedFor("192.0.2.1"));
  }

  @Test
  void blockedForWhenWholeWindowQuietThenFullBurstAgain() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure("192.0.2.1");
    }
    advance(Duration.ofMinutes(1));

    for (int i = 0; i < 4; i++) {
      limiter.recordFailure("192.0.2.1");
    }
    assertNull(limiter.blockedFor("192.0.2.1"));
    limiter.recordFailure("192.0.2.1");
    assertTrue(limiter.blockedFor("192.0.2.1") != null);
  }

  @Test
  void blockedForWhenSustainedGuessingThenAtMostLimitPerWindow() {
    int attempts = 0;
    for (int second = 0; second < 600; second++) {
      if (limiter.blockedFor("192.0.2.1") == null) {
        limiter.recordFailure("192.0.2.1");
        attempts++;
      }
      advance(Duration.ofSeconds(1));
    }

    // A burst of 5, then one every 12 s: 5 + 600 / 12 - 1 over ten minutes.
    assertEquals(54, attempts);
  }

  @Test
  void blockedForWhenOtherAddressFailedThenNotBlocked() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure("192.0.2.1");
    }

    assertNull(limiter.blockedFor("192.0.2.2"));
    assertNull(limiter.blockedFor("2001:db8::1"));
  }

  @Test
  void blockedForWhenIpv6AddressesShareA64ThenCountedTogether() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure("2001:db8:0:1::" + Integer.toHexString(i + 1));
    }

    assertTrue(limiter.blockedFor("2001:db8:0:1:ffff:ffff:ffff:ffff") != null);
    assertNull(limiter.blockedFor("2001:db8:0:2::1"));
  }

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "2001:db8::1, 2001:db8:0:0::/64",
    "2001:DB8:0:1:2:3:4:5, 2001:db8:0:1::/64",
    "[2001:db8::1], 2001:db8:0:0::/64",
    "fe80::1%eth0, fe80:0:0:0::/64",
    "::ffff:192.0.2.9, 192.0.2.9",
    "::, 0:0:0:0::/64",
    "2001:db8::1::2, 2001:db8::1::2",
    "not:an:address, not:an:address",
    "1:2:3:4:5:6:7:8:9, 1:2:3:4:5:6:7:8:9",
  })
  void keyWhenAddressThenIpv4AsIsAndIpv6ByPrefix(String address, String key) {
    assertEquals(key, FailureRateLimiter.key(address));
  }

  @Test
  void recordFailureWhenFloodOfAddressesThenTrackedAddressesBounded() {
    FailureRateLimiter small =
        FailureRateLimiter.builder(5, Duration.ofMinutes(1))
            .ticker(nanos::get)
            .maximumAddresses(100)
            .build();

    for (int i = 0; i < 10_000; i++) {
      small.recordFailure("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
    }

    assertTrue(small.trackedAddresses() <= 100, "tracked " + small.trackedAddresses());
  }

  @Test
  void buildWhenMaxFailuresNotPositiveThenNamesTheSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FailureRateLimiter.builder(0, Duration.ofMinutes(1)).build());
    assertTrue(e.getMessage().contains("maxFailures"), e.getMessage());
  }

  @Test
  void buildWhenWindowNotPositiveOrOverADayThenNamesTheSetting() {
    assertTrue(
        assertThrows(
                IllegalStateException.class,
                () -> FailureRateLimiter.builder(5, Duration.ZERO).build())
            .getMessage()
            .contains("per"));
    assertTrue(
        assertThrows(
                IllegalStateException.class,
                () -> FailureRateLimiter.builder(5, Duration.ofDays(2)).build())
            .getMessage()
            .contains("per"));
  }

  @Test
  void buildWhenMaximumAddressesNotPositiveThenNamesTheSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FailureRateLimiter.builder(5, Duration.ofMinutes(1)).maximumAddresses(0).build());
    assertTrue(e.getMessage().contains("maximumAddresses"), e.getMessage());
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void maximumAddressesWhenSetTwiceThenFailsNamingIt() {
    FailureRateLimiter.Builder builder =
        FailureRateLimiter.builder(5, java.time.Duration.ofMinutes(1)).maximumAddresses(1_000);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.maximumAddresses(2_000));

    assertEquals("maximumAddresses was already set to 1000", e.getMessage());
  }
}
