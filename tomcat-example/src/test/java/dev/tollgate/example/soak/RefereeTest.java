package dev.tollgate.example.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.example.soak.Referee.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The soak test's verdicts, on a fixed timeline: the JWK set down from 0 s to 3 s and first served
 * at 40 s; introspection down from 10 s to 13 s.
 */
class RefereeTest {
  private static final long ORIGIN = 1_000_000_000_000L;

  private static long at(double seconds) {
    return ORIGIN + (long) (seconds * 1e9);
  }

  private static Referee referee() {
    DependencyTimeline jwks = new DependencyTimeline();
    jwks.degradedFrom(at(0));
    jwks.healthyFrom(at(3));
    DependencyTimeline introspection = new DependencyTimeline();
    introspection.degradedFrom(at(10));
    introspection.healthyFrom(at(13));
    return new Referee(jwks, () -> at(40), introspection);
  }

  @ParameterizedTest(name = "{0} ({1}) -> {2} sent at {3} s: {5}")
  @CsvSource({
    // kind, fresh, outcome, sent s, received s, verdict
    "API_KEY_VALID,         false, ALLOWED,              5,    5.01, EXPECTED",
    "API_KEY_VALID,         false, UNAVAILABLE,          11,   11.1, WRONG_503",
    "API_KEY_UNKNOWN,       true,  ALLOWED,              5,    5.01, LET_THROUGH",
    "API_KEY_UNKNOWN,       true,  UNAVAILABLE,          11,   11.1, WRONG_503",
    "OPAQUE_INACTIVE,       true,  ENTITLEMENT_REQUIRED, 5,    5.01, LET_THROUGH",
    "OPAQUE_FREE_ACCOUNT,   true,  ALLOWED,              5,    5.01, LET_THROUGH",
    "OPAQUE_FREE_ACCOUNT,   true,  ENTITLEMENT_REQUIRED, 5,    5.01, EXPECTED",
    "OPAQUE_VALID,          true,  INVALID_TOKEN,        11,   11.1, GOOD_REFUSED_401",
    "OPAQUE_VALID,          true,  UNAVAILABLE,          11,   11.1, OUTAGE_503",
    "OPAQUE_VALID,          true,  UNAVAILABLE,          9.8,  9.8,  OUTAGE_503",
    "OPAQUE_VALID,          true,  UNAVAILABLE,          9.5,  9.6,  WRONG_503",
    "OPAQUE_VALID,          true,  UNAVAILABLE,          13.4, 13.45, OUTAGE_503",
    "OPAQUE_VALID,          true,  UNAVAILABLE,          13.6, 13.65, WRONG_503",
    "OPAQUE_VALID,          false, UNAVAILABLE,          15,   15.05, OUTAGE_503",
    "OPAQUE_VALID,          false, UNAVAILABLE,          16,   16.05, WRONG_503",
    "OPAQUE_WRONG_AUDIENCE, true,  UNAVAILABLE,          12,   12.1, OUTAGE_503",
    "JWT_VALID,             false, UNAVAILABLE,          1,    1.1,  OUTAGE_503",
    "JWT_BAD_SIGNATURE,     true,  UNAVAILABLE,          1,    1.1,  OUTAGE_503",
    "JWT_VALID,             true,  UNAVAILABLE,          20,   20.1, JWKS_RECOVERY_503",
    "JWT_VALID,             true,  UNAVAILABLE,          36,   36.1, WRONG_503",
    "JWT_VALID,             true,  UNAVAILABLE,          50,   50.1, WRONG_503",
    "JWT_EXPIRED,           true,  UNAVAILABLE,          50,   50.1, WRONG_503",
    "JWT_EXPIRED,           true,  INVALID_TOKEN,        50,   50.1, EXPECTED",
    "JWT_FREE_ACCOUNT,      true,  ENTITLEMENT_REQUIRED, 50,   50.1, EXPECTED",
    "JWT_WRONG_AUDIENCE,    true,  ENTITLEMENT_REQUIRED, 50,   50.1, LET_THROUGH",
    "JWT_VALID,             true,  SERVER_ERROR,         50,   50.1, OTHER_5XX",
    "JWT_VALID,             true,  NO_ANSWER,            50,   50.1, NO_ANSWER",
    "JWT_VALID,             true,  RATE_LIMITED,         50,   50.1, MISMATCH",
    "JWT_VALID,             true,  ENTITLEMENT_REQUIRED, 50,   50.1, MISMATCH",
  })
  void judgeWhenAnswerAndDependencyStateThenVerdict(
      CredentialKind kind,
      boolean fresh,
      Outcome outcome,
      double sent,
      double received,
      Verdict verdict) {
    assertEquals(verdict, referee().judge(kind, fresh, outcome, at(sent), at(received)));
  }
}
