package dev.tollgate.example.soak;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Judges one answer against what the gate knew when it answered: the credential's kind and the
 * state of the dependency it needed between sending and receiving.
 *
 * <p>A 503 is right only while the credential's dependency was failing. "While" has a grace window
 * because the gate's view of a dependency lags the switch:
 *
 * <ul>
 *   <li>{@link #SHARED_GRACE} (2.5 s) before sending, for a request that may join a dependency call
 *       already in flight: the cache makes concurrent misses for one token share one call, and the
 *       JWK set source makes concurrent requests wait for one fetch; such a call started at most
 *       the gate's 2 s timeout earlier, plus scheduling slack;
 *   <li>{@link #FRESH_GRACE} (0.5 s) before sending, for an opaque token sent for the first time,
 *       which can join no call;
 *   <li>{@link #AFTER_GRACE} (0.25 s) after receiving, for the clock reads around a switch.
 * </ul>
 *
 * <p>JWTs need the JWK set only until the gate holds one: it caches the set for 5 minutes and
 * serves it for an hour of outage after that, so a JWT 503 is right only before the first JWK set
 * answer (or when the last one is older than {@link #JWKS_REFRESH_AGE}). After a failed first fetch
 * the gate retries at most twice per {@link #JWKS_REFETCH_INTERVAL} (Nimbus' rate limit, set from
 * the JWT resolver's refetch interval), so 503s can outlast a cold-start outage by up to that
 * interval: they are counted apart ({@link Verdict#JWKS_RECOVERY_503}), not as wrong.
 */
final class Referee {
  static final Duration SHARED_GRACE = Duration.ofMillis(2_500);
  static final Duration FRESH_GRACE = Duration.ofMillis(500);
  static final Duration AFTER_GRACE = Duration.ofMillis(250);

  /** {@code JwtAccessTokenResolver}'s default {@code jwksRefetchInterval}. */
  static final Duration JWKS_REFETCH_INTERVAL = Duration.ofSeconds(30);

  /** The JWK set cache's 5-minute TTL less its 30-second refresh-ahead. */
  static final Duration JWKS_REFRESH_AGE = Duration.ofSeconds(270);

  /** How one answer compares with what was owed. */
  enum Verdict {
    EXPECTED(false),
    /** 503 while the credential's dependency was failing: fail closed, as owed. */
    OUTAGE_503(false),
    /** 503 for a JWT after a cold-start JWK set outage ended, within the refetch interval. */
    JWKS_RECOVERY_503(false),
    /** A bad credential allowed or resolved to an account, or a refused account allowed. */
    LET_THROUGH(true),
    /** A genuine credential answered 401. */
    GOOD_REFUSED_401(true),
    /** 503 although the credential's dependency was healthy (or it needs none). */
    WRONG_503(true),
    /** A 5xx other than 503 with Retry-After. */
    OTHER_5XX(true),
    NO_ANSWER(true),
    /** Any other answer than the one owed (a 403 for a paying account, a 429, a 400, ...). */
    MISMATCH(true);

    final boolean wrong;

    Verdict(boolean wrong) {
      this.wrong = wrong;
    }
  }

  private final DependencyTimeline jwks;
  private final LongSupplier lastJwksAnswer;
  private final DependencyTimeline introspection;

  /**
   * @param lastJwksAnswer when the JWK set was last served healthy ({@link System#nanoTime()}), or
   *     {@link Long#MIN_VALUE}
   */
  Referee(DependencyTimeline jwks, LongSupplier lastJwksAnswer, DependencyTimeline introspection) {
    this.jwks = jwks;
    this.lastJwksAnswer = lastJwksAnswer;
    this.introspection = introspection;
  }

  Verdict judge(
      CredentialKind kind, boolean fresh, Outcome outcome, long sentNanos, long receivedNanos) {
    if (outcome == kind.expected) {
      return Verdict.EXPECTED;
    }
    if (outcome == Outcome.UNAVAILABLE) {
      return judge503(kind, fresh, sentNanos, receivedNanos);
    }
    if (outcome == Outcome.ALLOWED
        || (!kind.genuine() && outcome == Outcome.ENTITLEMENT_REQUIRED)) {
      return Verdict.LET_THROUGH;
    }
    if (kind.genuine() && outcome == Outcome.INVALID_TOKEN) {
      return Verdict.GOOD_REFUSED_401;
    }
    return switch (outcome) {
      case SERVER_ERROR -> Verdict.OTHER_5XX;
      case NO_ANSWER -> Verdict.NO_ANSWER;
      default -> Verdict.MISMATCH;
    };
  }

  private Verdict judge503(CredentialKind kind, boolean fresh, long sent, long received) {
    long after = received + AFTER_GRACE.toNanos();
    switch (kind.dependency) {
      case INTROSPECTION -> {
        long before = sent - (fresh ? FRESH_GRACE : SHARED_GRACE).toNanos();
        return introspection.degradedDuring(before, after) ? Verdict.OUTAGE_503 : Verdict.WRONG_503;
      }
      case JWKS -> {
        long before = sent - SHARED_GRACE.toNanos();
        long lastAnswer = lastJwksAnswer.getAsLong();
        boolean holdsKeys =
            lastAnswer != Long.MIN_VALUE
                && lastAnswer < before
                && sent - lastAnswer < JWKS_REFRESH_AGE.toNanos();
        if (holdsKeys) {
          return Verdict.WRONG_503;
        }
        if (jwks.degradedDuring(before, after)) {
          return Verdict.OUTAGE_503;
        }
        long recovery = jwks.lastRecoveryBefore(sent);
        boolean recovering =
            recovery != Long.MIN_VALUE
                && sent - recovery < JWKS_REFETCH_INTERVAL.plus(SHARED_GRACE).toNanos();
        return recovering ? Verdict.JWKS_RECOVERY_503 : Verdict.WRONG_503;
      }
      default -> {
        return Verdict.WRONG_503;
      }
    }
  }
}
