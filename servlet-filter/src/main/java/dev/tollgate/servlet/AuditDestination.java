package dev.tollgate.servlet;

import dev.tollgate.audit.AuditLog;
import jakarta.servlet.ServletContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Says once, through the container's own log, when the application has no SLF4J provider: then
 * every audit event is discarded, and SLF4J's own notice on standard error is easy to miss (a WAR
 * with only {@code slf4j-api} in {@code WEB-INF/lib} is the usual case).
 */
final class AuditDestination {
  static final String NO_PROVIDER =
      "Tollgate: no SLF4J provider in this application, so the audit events (logger "
          + AuditLog.LOGGER_NAME
          + ", one per request decision) are discarded. Add a provider such as"
          + " ch.qos.logback:logback-classic to WEB-INF/lib (see docs/logging.md).";

  private AuditDestination() {}

  /** Logs {@link #NO_PROVIDER} to {@code context} when {@code factory} discards everything. */
  static void reportIfNowhere(ILoggerFactory factory, ServletContext context) {
    if (factory instanceof NOPLoggerFactory) {
      context.log(NO_PROVIDER);
    }
  }
}
