package dev.tollgate.audit;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
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
 * <p>Most text patterns print only the message (Logback's {@code %msg} without {@code %kvp}), so
 * the message repeats the pairs in the same {@code key=value} form: {@code tollgate decision
 * outcome=challenge reason=invalid_token method=POST path=/mcp
 * credential_fingerprint=7d772625ba2b}. A value with a space, {@code "} or {@code =} is quoted.
 * Under {@code slf4j-simple}, which prints the pairs itself, the message is just {@code tollgate
 * decision}.
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

  static final String MESSAGE = "tollgate decision";

  private final Logger log;
  private final boolean fieldsInMessage;

  AuditLog(Logger log, boolean fieldsInMessage) {
    this.log = Objects.requireNonNull(log, "log == null");
    this.fieldsInMessage = fieldsInMessage;
  }

  /** The audit log on the {@value #LOGGER_NAME} logger. */
  public static AuditLog create() {
    return new AuditLog(
        LoggerFactory.getLogger(LOGGER_NAME),
        !printsKeyValuePairs(LoggerFactory.getILoggerFactory()));
  }

  /** Whether the SLF4J backend prints key-value pairs in its plain text lines by itself. */
  static boolean printsKeyValuePairs(ILoggerFactory factory) {
    return factory.getClass().getName().startsWith("org.slf4j.simple.");
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
    Fields fields =
        new Fields(
            event.outcome() == DecisionEvent.Outcome.ALLOW ? log.atDebug() : log.atInfo(),
            fieldsInMessage);
    fields.add("outcome", event.outcome().code());
    fields.add("reason", event.reason());
    fields.add("method", event.method());
    fields.add("path", event.path());
    fields.add("remote_address", event.remoteAddress());
    fields.add("account", event.accountId());
    fields.add("client", event.clientId());
    fields.add(
        "credential_kind",
        event.credentialKind() == null
            ? null
            : event.credentialKind().name().toLowerCase(Locale.ROOT));
    fields.add("credential_fingerprint", event.credentialFingerprint());
    fields.log();
  }

  /** The event's key-value pairs, and the same pairs as text in the message when asked. */
  private static final class Fields {
    private LoggingEventBuilder builder;
    private final @Nullable StringBuilder message;

    Fields(LoggingEventBuilder builder, boolean inMessage) {
      this.builder = builder;
      this.message = inMessage ? new StringBuilder(160).append(MESSAGE) : null;
    }

    void add(String key, @Nullable String value) {
      if (value == null) {
        return;
      }
      builder = builder.addKeyValue(key, value);
      if (message != null) {
        message.append(' ').append(key).append('=');
        appendValue(message, value);
      }
    }

    void log() {
      builder.log(message == null ? MESSAGE : message.toString());
    }

    /** Values are printable ASCII already ({@link DecisionEvent}); quoting keeps pairs apart. */
    private static void appendValue(StringBuilder out, String value) {
      boolean quote = value.isEmpty();
      for (int i = 0; i < value.length() && !quote; i++) {
        char c = value.charAt(i);
        quote = c == ' ' || c == '"' || c == '=' || c == '\\';
      }
      if (!quote) {
        out.append(value);
        return;
      }
      out.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
    }
  }
}
