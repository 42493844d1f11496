package dev.tollgate.example;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the MCP SDK's error responses clean. Its servlet answers a request it cannot serve (no
 * {@code Accept: text/event-stream}, no or an unknown {@code Mcp-Session-Id}, a body it cannot
 * read) by serialising the Java exception it built, stack trace and class names included, or by
 * {@code sendError} with its own text. Mounted between {@code TollgateFilter} and that servlet,
 * this filter answers every error status the servlet sets with a JSON-RPC error whose message is a
 * fixed phrase chosen from the status and the request's own headers, and drops what the servlet
 * writes after it. Successful responses, streams included, pass untouched.
 */
final class TransportErrorFilter implements Filter {
  static final String SESSION_HEADER = "Mcp-Session-Id";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(
        request,
        new CleanErrorResponse((HttpServletRequest) request, (HttpServletResponse) response));
  }

  /**
   * The JSON-RPC error body for {@code status}, from the request's headers, never the SDK's text.
   */
  static String body(int status, HttpServletRequest request) {
    int code = status == 404 ? -32001 : status >= 500 ? -32603 : -32600;
    return "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message(status, request)
        + "\"}}";
  }

  private static String message(int status, HttpServletRequest request) {
    return switch (status) {
      case 400 -> badRequest(request);
      case 403 -> "This origin may not use the MCP endpoint";
      case 404 -> "Session not found; send initialize to start a new one";
      case 405 -> "Method not allowed; use POST, or GET and DELETE with a session";
      case 413 -> "The request body is too large";
      case 415 -> "Content-Type must be application/json";
      case 421 -> "This host name is not served here";
      case 503 -> "The server is shutting down; retry shortly";
      default -> status < 500 ? "The request was refused" : "Internal error";
    };
  }

  private static String badRequest(HttpServletRequest request) {
    String accept =
        String.join(",", Collections.list(request.getHeaders("Accept"))).toLowerCase(Locale.ROOT);
    boolean json = accept.contains("application/json");
    boolean events = accept.contains("text/event-stream");
    String method = request.getMethod();
    if ("POST".equals(method) && !(json && events)) {
      return "Accept must list both application/json and text/event-stream";
    }
    if ("GET".equals(method) && !events) {
      return "Accept must list text/event-stream";
    }
    if (request.getHeader(SESSION_HEADER) == null) {
      return "Mcp-Session-Id is required: send initialize first and repeat the id it returns";
    }
    return "The request is not a valid MCP message";
  }

  /**
   * Turns the first error status into the clean body, written at once so that it is also sent when
   * the servlet fails on an asynchronous path; what the servlet writes afterwards, through the
   * guarded stream or writer, is dropped.
   */
  private static final class CleanErrorResponse extends HttpServletResponseWrapper {
    private final HttpServletRequest request;
    private volatile boolean replaced;
    private @Nullable PrintWriter realWriter;
    private @Nullable PrintWriter writer;
    private @Nullable ServletOutputStream stream;

    CleanErrorResponse(HttpServletRequest request, HttpServletResponse response) {
      super(response);
      this.request = request;
    }

    @Override
    public void setStatus(int status) {
      if (status >= 400) {
        replace(status);
      } else if (!replaced) {
        super.setStatus(status);
      }
    }

    @Override
    public void sendError(int status) throws IOException {
      sendError(status, null);
    }

    @Override
    public void sendError(int status, @Nullable String message) throws IOException {
      if (isCommitted()) {
        throw new IllegalStateException("the response is already committed");
      }
      replace(status);
    }

    private synchronized void replace(int status) {
      if (replaced || isCommitted()) {
        return;
      }
      replaced = true;
      HttpServletResponse out = (HttpServletResponse) getResponse();
      String body = body(status, request);
      try {
        out.resetBuffer();
        out.setStatus(status);
        out.setContentType("application/json");
        out.setCharacterEncoding("UTF-8");
        out.setContentLength(body.length());
        if (realWriter != null) {
          realWriter.write(body);
        } else {
          out.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException | IllegalStateException e) {
        // The client is gone: nothing more can be sent.
      }
    }

    @Override
    public void setContentType(String type) {
      if (!replaced) {
        super.setContentType(type);
      }
    }

    @Override
    public void setCharacterEncoding(String charset) {
      if (!replaced) {
        super.setCharacterEncoding(charset);
      }
    }

    @Override
    public void setContentLength(int length) {
      if (!replaced) {
        super.setContentLength(length);
      }
    }

    @Override
    public void setContentLengthLong(long length) {
      if (!replaced) {
        super.setContentLengthLong(length);
      }
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        stream = new GuardedStream(super.getOutputStream());
      }
      return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
      if (writer == null) {
        PrintWriter real = super.getWriter();
        realWriter = real;
        writer = new PrintWriter(new GuardedWriter(real));
      }
      return writer;
    }

    /** The servlet's stream: silent once the error body is written. */
    private final class GuardedStream extends ServletOutputStream {
      private final ServletOutputStream target;

      GuardedStream(ServletOutputStream target) {
        this.target = target;
      }

      @Override
      public void write(int b) throws IOException {
        if (!replaced) {
          target.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!replaced) {
          target.write(b, off, len);
        }
      }

      @Override
      public void flush() throws IOException {
        target.flush();
      }

      @Override
      public void close() throws IOException {
        target.close();
      }

      @Override
      public boolean isReady() {
        return target.isReady();
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        target.setWriteListener(listener);
      }
    }

    /** The servlet's writer: silent once the error body is written. */
    private final class GuardedWriter extends Writer {
      private final Writer target;

      GuardedWriter(Writer target) {
        this.target = target;
      }

      @Override
      public void write(char[] buffer, int off, int len) throws IOException {
        if (!replaced) {
          target.write(buffer, off, len);
        }
      }

      @Override
      public void flush() throws IOException {
        target.flush();
      }

      @Override
      public void close() throws IOException {
        target.close();
      }
    }
  }
}
