package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {
  @Test
  void parseWhenBurstGivenThenTokensPeriodAndBurst() {
    assertEquals(
        new RateLimit(600, Duration.ofMinutes(1), 60), RateLimit.parse("600/PT1M,burst=60"));
  }

  @Test
  void parseWhenNoBurstThenBurstIsTokens() {
    assertEquals(new RateLimit(60, Duration.ofMinutes(1), 60), RateLimit.parse(" 60/PT1M "));
  }

  @Test
  void parseWhenPeriodInSecondsThenSeconds() {
    assertEquals(Duration.ofSeconds(30), RateLimit.parse("5/30").period());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "60",
        "60/",
        "60/PT1M/",
        "60/PT1M,",
        "x/PT1M",
        "60/PT0S",
        "60/P2D",
        "0/PT1M",
        "60/PT1M,burst=0",
        "60/PT1M,bust=5",
        "60/PT1M,burst=x",
        "2000000/PT1M"
      })
  void parseWhenMalformedThenRefusedNamingTheValue(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse(text));
    assertTrue(!e.getMessage().isEmpty());
  }
}
