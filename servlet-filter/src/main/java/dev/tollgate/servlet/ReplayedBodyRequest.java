package dev.tollgate.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body the filter has already read (to learn the MCP method and tool): {@link
 * #getInputStream()} and {@link #getReader()} replay exactly the bytes received. Headers, and so
 * {@code getContentLength()}, are the container's, untouched.
 *
 * <p>As with the container's own request, the body is read either as a stream or through a reader,
 * not both. The reader decodes with the request's declared charset, or UTF-8 when none is declared:
 * only JSON bodies are replayed, and JSON exchanged between systems is UTF-8 (RFC 8259 §8.1).
 */
final class ReplayedBodyRequest extends HttpServletRequestWrapper {
  private final byte[] body;
  private final Charset charset;
  private @Nullable Replay stream;
  private @Nullable BufferedReader reader;

  ReplayedBodyRequest(HttpServletRequest request, byte[] body, Charset charset) {
    super(request);
    this.body = body;
    this.charset = charset;
  }

  @Override
  public synchronized ServletInputStream getInputStream() {
    if (reader != null) {
      throw new IllegalStateException("getReader() has already been called for this request");
    }
    if (stream == null) {
      stream = new Replay(this, body);
    }
    return stream;
  }

  @Override
  public synchronized BufferedReader getReader() {
    if (stream != null && reader == null) {
      throw new IllegalStateException("getInputStream() has already been called for this request");
    }
    if (reader == null) {
      stream = new Replay(this, body);
      reader = new BufferedReader(new InputStreamReader(stream, charset));
    }
    return reader;
  }

  /**
   * The buffered bytes as a servlet stream. Always ready: a read listener is called once, on a
   * container thread, with every byte available.
   */
  private static final class Replay extends ServletInputStream {
    private final HttpServletRequest request;
    private final ByteArrayInputStream bytes;

    Replay(HttpServletRequest request, byte[] body) {
      this.request = request;
      this.bytes = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return bytes.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return bytes.read(buffer, offset, length);
    }

    // The bulk reads go straight to the buffered bytes: InputStream's defaults would copy them
    // through fresh buffers of their own (8 KB on JDK 17, 16 KB on later JDKs).

    @Override
    public byte[] readAllBytes() {
      return bytes.readAllBytes();
    }

    @Override
    public byte[] readNBytes(int length) throws IOException {
      return bytes.readNBytes(length);
    }

    @Override
    public int readNBytes(byte[] buffer, int offset, int length) {
      return bytes.readNBytes(buffer, offset, length);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      return bytes.transferTo(out);
    }

    @Override
    public long skip(long count) {
      return bytes.skip(count);
    }

    @Override
    public int available() {
      return bytes.available();
    }

    @Override
    public boolean isFinished() {
      return bytes.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      Objects.requireNonNull(listener, "listener == null");
      if (!request.isAsyncStarted()) {
        // As the container's stream: non-blocking reads belong to async processing only.
        throw new IllegalStateException("setReadListener requires async processing");
      }
      // Not inline: the caller may finish setting up after setReadListener returns, as it would
      // with the container's stream, whose listener is called later on a container thread.
      request.getAsyncContext().start(() -> notify(listener));
    }

    private void notify(ReadListener listener) {
      try {
        if (!isFinished()) {
          listener.onDataAvailable();
        }
        if (isFinished()) {
          listener.onAllDataRead();
        }
      } catch (IOException | RuntimeException e) {
        listener.onError(e);
      }
    }
  }
}
