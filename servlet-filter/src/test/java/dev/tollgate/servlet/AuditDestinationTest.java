package dev.tollgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.testsupport.TomcatServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/** The once-at-start-up notice, written to a real Tomcat context's log. */
class AuditDestinationTest {

  @Test
  void reportIfNowhereWhenNoProviderThenOneLineInTheContainerLog() {
    AtomicReference<Context> root = new AtomicReference<>();
    try (TomcatServer server = TomcatServer.start((context, base) -> root.set(context));
        CapturedContainerLog log = new CapturedContainerLog()) {
      AuditDestination.reportIfNowhere(new NOPLoggerFactory(), root.get().getServletContext());

      assertEquals(List.of(AuditDestination.NO_PROVIDER), log.messages);
    }
  }

  @Test
  void reportIfNowhereWhenProviderPresentThenNothingLogged() {
    AtomicReference<Context> root = new AtomicReference<>();
    try (TomcatServer server = TomcatServer.start((context, base) -> root.set(context));
        CapturedContainerLog log = new CapturedContainerLog()) {
      AuditDestination.reportIfNowhere(
          LoggerFactory.getILoggerFactory(), root.get().getServletContext());

      assertEquals(List.of(), log.messages);
    }
  }

  /** What Tomcat writes through java.util.logging for its contexts (ServletContext.log). */
  private static final class CapturedContainerLog extends Handler implements AutoCloseable {
    private static final Logger CONTAINER =
        Logger.getLogger("org.apache.catalina.core.ContainerBase");
    final List<String> messages = new CopyOnWriteArrayList<>();

    CapturedContainerLog() {
      CONTAINER.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getMessage().startsWith("Tollgate:")) {
        messages.add(record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      CONTAINER.removeHandler(this);
    }
  }
}
