package dev.tollgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import dev.tollgate.audit.DecisionEvent.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;

class AuditLogTest {

  @Test
  void onDecisionWhenAllowThenOneDebugEventWithEveryField() {
    CapturingLogger logger = new CapturingLogger(true);
    String fingerprint = DecisionEvent.fingerprint(Credential.of("secret-token"));

    new AuditLog(logger, true)
        .onDecision(
            new DecisionEvent(
                Outcome.ALLOW,
                "ok",
                "POST",
                "/mcp",
                "192.0.2.7",
                "acct-1",
                "client-a",
                CredentialKind.API_KEY,
                fingerprint));

    assertEquals(1, logger.events.size());
    LoggingEvent event = logger.events.get(0);
    assertEquals(Level.DEBUG, event.getLevel());
    assertEquals(
        Map.of(
            "outcome", "allow",
            "reason", "ok",
            "method", "POST",
            "path", "/mcp",
            "remote_address", "192.0.2.7",
            "account", "acct-1",
            "client", "client-a",
            "credential_kind", "api_key",
            "credential_fingerprint", fingerprint),
        pairs(event));
  }

  @Test
  void onDecisionWhenPlainTextPatternThenMessageCarriesEveryField() {
    CapturingLogger logger = new CapturingLogger(true);

    new AuditLog(logger, true)
        .onDecision(
            new DecisionEvent(
                Outcome.ALLOW,
                "ok",
                "POST",
                "/mcp",
                "192.0.2.7",
                "acct-1",
                "client-a",
                CredentialKind.ACCESS_TOKEN,
                "ba7816bf8f01"));

    assertEquals(
        "tollgate decision outcome=allow reason=ok method=POST path=/mcp remote_address=192.0.2.7"
            + " account=acct-1 client=client-a credential_kind=access_token"
            + " credential_fingerprint=ba7816bf8f01",
        logger.events.get(0).getMessage());
  }

  @Test
  void onDecisionWhenValueHasSpaceQuoteOrEqualsThenQuotedInMessage() {
    CapturingLogger logger = new CapturingLogger(true);

    new AuditLog(logger, true)
        .onDecision(
            new DecisionEvent(
                Outcome.CHALLENGE,
                "invalid_token",
                "POST",
                "/mcp",
                null,
                "a b",
                "x=\"y\"",
                null,
                null));

    assertEquals(
        "tollgate decision outcome=challenge reason=invalid_token method=POST path=/mcp"
            + " account=\"a b\" client=\"x=\\\"y\\\"\"",
        logger.events.get(0).getMessage());
    assertEquals("x=\"y\"", pairs(logger.events.get(0)).get("client"));
  }

  @Test
  void onDecisionWhenBackendPrintsPairsItselfThenMessageIsBareAndPairsKept() {
    CapturingLogger logger = new CapturingLogger(true);

    new AuditLog(logger, false)
        .onDecision(
            new DecisionEvent(
                Outcome.CHALLENGE, "invalid_token", "GET", "/mcp", null, null, null, null, null));

    assertEquals("tollgate decision", logger.events.get(0).getMessage());
    assertEquals("invalid_token", pairs(logger.events.get(0)).get("reason"));
  }

  @Test
  void printsKeyValuePairsWhenSimpleLoggerThenTrueOtherwiseFalse() {
    assertTrue(AuditLog.printsKeyValuePairs(new org.slf4j.simple.SimpleLoggerFactory()));
    assertFalse(AuditLog.printsKeyValuePairs(new org.slf4j.helpers.NOPLoggerFactory()));
  }

  @Test
  void onDecisionWhenAllowAndDebugOffThenNothingWritten() {
    CapturingLogger logger = new CapturingLogger(true, false);
    AuditLog audit = new AuditLog(logger, true);

    audit.onDecision(
        new DecisionEvent(Outcome.ALLOW, "ok", "POST", "/mcp", null, "acct-1", null, null, null));

    assertFalse(audit.isEnabled(Outcome.ALLOW));
    assertTrue(logger.events.isEmpty());
  }

  @Test
  void onDecisionWhenRefusedAndDebugOffThenOneInfoEvent() {
    CapturingLogger logger = new CapturingLogger(true, false);
    AuditLog audit = new AuditLog(logger, true);

    audit.onDecision(
        new DecisionEvent(
            Outcome.CHALLENGE, "invalid_token", "POST", "/mcp", null, null, null, null, null));

    assertTrue(audit.isEnabled(Outcome.CHALLENGE));
    assertEquals(1, logger.events.size());
    assertEquals(Level.INFO, logger.events.get(0).getLevel());
  }

  @Test
  void onDecisionWhenValuesAbsentThenKeysLeftOut() {
    CapturingLogger logger = new CapturingLogger(true);

    new AuditLog(logger, true)
        .onDecision(
            new DecisionEvent(
                Outcome.RATE_LIMITED,
                "too_many_failures",
                "GET",
                "/mcp",
                null,
                null,
                null,
                null,
                null));

    assertEquals(
        Map.of(
            "outcome",
            "rate_limited",
            "reason",
            "too_many_failures",
            "method",
            "GET",
            "path",
            "/mcp"),
        pairs(logger.events.get(0)));
  }

  @Test
  void onDecisionWhenLoggerOffThenNothingWritten() {
    CapturingLogger logger = new CapturingLogger(false);
    AuditLog audit = new AuditLog(logger, true);

    audit.onDecision(
        new DecisionEvent(
            Outcome.CHALLENGE, "invalid_token", "POST", "/mcp", null, null, null, null, null));

    assertFalse(audit.isEnabled());
    assertTrue(logger.events.isEmpty());
  }

  @Test
  void fingerprintWhenCredentialThenFirstTwelveHexOfSha256() {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assertEquals("ba7816bf8f01", DecisionEvent.fingerprint(Credential.of("abc")));
  }

  @Test
  void constructorWhenRequestDataHostileThenPrintableAndCapped() {
    DecisionEvent event =
        new DecisionEvent(
            Outcome.CHALLENGE,
            "invalid_request",
            "PO\nST",
            "/" + "a".repeat(500),
            "10.0.0.1\r\n",
            "acct\u0000",
            "client\u202e",
            null,
            null);

    assertEquals("PO?ST", event.method());
    assertEquals(DecisionEvent.MAX_FIELD_LENGTH, event.path().length());
    assertEquals("10.0.0.1??", event.remoteAddress());
    assertEquals("acct?", event.accountId());
    assertEquals("client?", event.clientId());
  }

  private static Map<String, Object> pairs(LoggingEvent event) {
    Map<String, Object> pairs = new LinkedHashMap<>();
    for (KeyValuePair pair : event.getKeyValuePairs()) {
      assertFalse(pairs.containsKey(pair.key), "duplicate key " + pair.key);
      pairs.put(pair.key, pair.value);
    }
    return pairs;
  }
}
