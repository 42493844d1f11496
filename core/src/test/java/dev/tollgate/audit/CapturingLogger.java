package dev.tollgate.audit;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/** A logger that keeps every event the fluent API hands it, key-value pairs included. */
final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  final transient List<LoggingEvent> events = new ArrayList<>();
  private final boolean enabled;
  private final boolean debug;

  CapturingLogger(boolean enabled) {
    this(enabled, enabled);
  }

  /** {@code info} for INFO and above, {@code debug} for DEBUG and TRACE. */
  CapturingLogger(boolean info, boolean debug) {
    this.name = AuditLog.LOGGER_NAME;
    this.enabled = info;
    this.debug = debug;
  }

  @Override
  public void log(LoggingEvent event) {
    events.add(event);
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
    throw new AssertionError("the audit log writes through the fluent API only");
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return debug;
  }

  @Override
  public boolean isDebugEnabled() {
    return debug;
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled;
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled;
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled;
  }
}
