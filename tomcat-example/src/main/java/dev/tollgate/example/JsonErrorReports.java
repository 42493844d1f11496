package dev.tollgate.example;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error pages as small fixed JSON objects, {@code {"error":"not_found",
 * "error_description":"..."}}, in place of the host's default {@link ErrorReportValve}, whose HTML
 * page carries the exception's class and message (an invalid URI's parser error, an uncaught
 * exception) and the server version. Nothing of the request or of an exception reaches the body:
 * both fields come from the status alone.
 */
final class JsonErrorReports extends ErrorReportValve {

  JsonErrorReports() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  /** Replaces {@code tomcat}'s host error report valve with this one, before Tomcat starts. */
  static void install(Tomcat tomcat) {
    StandardHost host = (StandardHost) tomcat.getHost();
    // An empty class name stops the host from adding its default valve as it starts.
    host.setErrorReportValveClass("");
    host.getPipeline().addValve(new JsonErrorReports());
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-store");
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(body(status));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the response already committed: nothing more can be sent.
    }
  }

  static String body(int status) {
    String error;
    String description;
    switch (status) {
      case 400 -> {
        error = "invalid_request";
        description = "The request is malformed";
      }
      case 404 -> {
        error = "not_found";
        description = "Nothing is served at this path";
      }
      case 405 -> {
        error = "method_not_allowed";
        description = "This method is not allowed at this path";
      }
      case 408 -> {
        error = "request_timeout";
        description = "The request took too long to arrive";
      }
      case 413, 414, 431 -> {
        error = "request_too_large";
        description = "The request is larger than this server accepts";
      }
      default -> {
        error = status < 500 ? "invalid_request" : "server_error";
        description =
            status < 500 ? "The request was refused" : "The server could not complete the request";
      }
    }
    return "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
  }
}
