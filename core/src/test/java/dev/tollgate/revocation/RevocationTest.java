package dev.tollgate.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The precision a revocation instant is kept at, shared by every registry and its callers. */
class RevocationTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2026-03-04T05:06:07Z, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.123Z, 2026-03-04T05:06:07.123Z",
    "2026-03-04T05:06:07.123000001Z, 2026-03-04T05:06:07.124Z",
    "2026-03-04T05:06:07.123999999Z, 2026-03-04T05:06:07.124Z",
    "2026-03-04T05:06:07.999500Z, 2026-03-04T05:06:08Z",
    "1969-12-31T23:59:59.9995Z, 1970-01-01T00:00:00Z"
  })
  void ceilToMillisWhenSubMillisecondThenRoundedUpElseKept(Instant at, Instant expected) {
    assertEquals(expected, Revocation.ceilToMillis(at));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z"})
  void ceilToMillisWhenBeyondEpochMillisecondsThenRefused(Instant at) {
    assertThrows(IllegalArgumentException.class, () -> Revocation.ceilToMillis(at));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-03-04T05:06:07.123456789Z", "2026-03-04T05:06:07.5Z"})
  void ceilToMillisWhenARegistryStoresThenTheSameInstant(Instant at) {
    RevocationRegistry registry = RevocationRegistry.inMemory(Clock.fixed(at, ZoneOffset.UTC));

    registry.disconnectClient("acct", "client");

    assertEquals(Revocation.ceilToMillis(at), registry.revocations("acct").get(0).revokedAt());
  }
}
