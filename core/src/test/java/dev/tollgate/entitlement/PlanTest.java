package dev.tollgate.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTest {

  @ParameterizedTest(name = "{0} at least {1} -> {2}")
  @CsvSource({
    "free, free, true",
    "free, professional, false",
    "professional, free, true",
    "professional, enterprise, false",
    "enterprise, professional, true",
    "enterprise, enterprise, true",
    "team, professional, true",
    "team, enterprise, false",
  })
  void isAtLeastWhenComparedThenByTier(String plan, String minimum, boolean expected) {
    assertEquals(expected, plan(plan).isAtLeast(plan(minimum)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Pro",
        "pro plan",
        "pro\"",
        "pr\\o",
        "plan-with-a-name-longer-than-32-chars",
        "é"
      })
  void constructorWhenNameOutsideCharsetThenRejected(String name) {
    assertThrows(IllegalArgumentException.class, () -> new Plan(name, true, 1));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE})
  void constructorWhenTierNegativeThenRejected(int tier) {
    assertThrows(IllegalArgumentException.class, () -> new Plan("custom", false, tier));
  }

  private static Plan plan(String name) {
    return switch (name) {
      case "free" -> Plan.FREE;
      case "professional" -> Plan.PROFESSIONAL;
      case "enterprise" -> Plan.ENTERPRISE;
      default -> new Plan(name, true, 150);
    };
  }
}
