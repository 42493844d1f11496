package dev.tollgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.testsupport.TestDataSources;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JdbcAccess}'s settings; its work on real databases is {@link JdbcAccessContract}'s. */
class JdbcAccessTest {

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S", "PT0.999S", "PT0.001S"})
  void requireQueryTimeoutWhenBelowOneSecondThenRefusedNamingTheSetting(String value) {
    Duration timeout = Duration.parse(value);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JdbcAccess.requireQueryTimeout(timeout));
    assertTrue(e.getMessage().startsWith("queryTimeout"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1S", "PT5S", "PT1.5S", "PT2H"})
  void requireQueryTimeoutWhenOneSecondOrMoreThenReturned(String value) {
    Duration timeout = Duration.parse(value);

    assertEquals(timeout, JdbcAccess.requireQueryTimeout(timeout));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S"})
  void ofWhenTimeoutNotPositiveThenRefused(String value) {
    Duration timeout = Duration.parse(value);

    assertThrows(
        IllegalArgumentException.class,
        () -> JdbcAccess.of(TestDataSources.h2("access"), "store", timeout));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.01S:1", "PT0.25S:1", "PT1S:1", "PT1.9S:1", "PT5S:5"})
  void queryTimeoutSecondsWhenFractionalThenWholeSecondsAtLeastOne(String pair) {
    String[] parts = pair.split(":");

    int seconds =
        JdbcAccess.of(TestDataSources.h2("access"), "store", Duration.parse(parts[0]))
            .queryTimeoutSeconds();

    assertEquals(Integer.parseInt(parts[1]), seconds);
  }
}
