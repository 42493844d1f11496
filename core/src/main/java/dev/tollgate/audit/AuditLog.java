package dev.tollgate.audit;

import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes each {@link DecisionEvent} as one structured event to the {@value #LOGGER_NAME} logger,
 * with SLF4J 2 key-value pairs ({@code outcome}, {@code reason}, {@code method}, {@code path},
 * {@code remote_address}, {@code account}, {@code client}, {@code credential_kind}, {@code
 * credential_fingerprint}); absent values are left out. A JSON encoder (logstash-logback-encoder,
 * Log4j's JSON template layout) turns the pairs into fields.
 *
 * <p>Refusals, outages and rate limiting are written at INFO; allowed requests at DEBUG. An INFO
 * line per allowed request would cost a busy server more than the whole cached decision (the
 * appender formats and writes it on the request thread; see benchmarks/PERFORMANCE.md), and the
 * refusals are what an operator investigates. Set the logger to DEBUG to record every allowed
 * request too, or count them with a {@link DecisionListener}, which is told of every decision
 * whatever the log level.
 *
 * <p>Turn the logger off and nothing is built: {@link #isEnabled(DecisionEvent.Outcome)} lets the
 * gate skip even the event.
 */
public final class AuditLog implements DecisionListener {
  /** The dedicated logger, so audit events can be routed and retained apart from diagnostics. */
  public static final String LOGGER_NAME = "dev.tollgate.audit";

  private final Logger log;

  AuditLog(Logger log) {
    this.log = Objects.requireNonNull(log, "log == null");
  }

  /** The audit log on the {@value #LOGGER_NAME} logger. */
  public static AuditLog create() {
    return new AuditLog(LoggerFactory.getLogger(LOGGER_NAME));
  }

  /** Whether any events are written; checked per request, so log levels can change at runtime. */
  public boolean isEnabled() {
    return log.isInfoEnabled() || log.isDebugEnabled();
  }

  /** Whether an event with this outcome is written: allows at DEBUG, everything else at INFO. */
  public boolean isEnabled(DecisionEvent.Outcome outcome) {
    return outcome == DecisionEvent.Outcome.ALLOW ? log.isDebugEnabled() : log.isInfoEnabled();
  }

  @Override
  public void onDecision(DecisionEvent event) {
    if (!isEnabled(event.outcome())) {
      return;
    }
    LoggingEventBuilder builder =
        (event.outcome() == DecisionEvent.Outcome.ALLOW ? log.atDebug() : log.atInfo())
            .addKeyValue("outcome", event.outcome().code())
            .addKeyValue("reason", event.reason())
            .addKeyValue("method", event.method())
            .addKeyValue("path", event.path());
    if (event.remoteAddress() != null) {
      builder = builder.addKeyValue("remote_address", event.remoteAddress());
    }
    if (event.accountId() != null) {
      builder = builder.addKeyValue("account", event.accountId());
    }
    if (event.clientId() != null) {
      builder = builder.addKeyValue("client", event.clientId());
    }
    if (event.credentialKind() != null) {
      builder =
          builder.addKeyValue("credential_kind", event.credentialKind().name().toLowerCase(Locale.ROOT));
    }
    if (event.credentialFingerprint() != null) {
      builder = builder.addKeyValue("credential_fingerprint", event.credentialFingerprint());
    }
    builder.log("tollgate decision");
  }
}
