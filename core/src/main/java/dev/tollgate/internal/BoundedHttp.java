package dev.tollgate.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request with a deadline on the whole exchange and a cap on the response body.
 *
 * <p>{@link HttpRequest#timeout()} only bounds the wait for the response headers; a server that
 * then trickles its body would hold the calling request thread indefinitely, so the whole exchange
 * gets its own deadline here. The body cap stops a misbehaving or hostile dependency from filling
 * the heap. Not API.
 */
public final class BoundedHttp {
  /** A default HTTP client for resolvers: never follows redirects, so a 3xx is an answer. */
  public static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  private BoundedHttp() {}

  /**
   * Sends {@code request} and reads at most {@code maxBodyBytes} of the body, all within {@code
   * deadline}.
   *
   * @throws ResponseTooLargeException when the body is longer than {@code maxBodyBytes}
   * @throws HttpTimeoutException when the exchange takes longer than {@code deadline}
   * @throws InterruptedIOException when the calling thread is interrupted (its flag is restored)
   * @throws IOException when the connection fails
   */
  public static HttpResponse<byte[]> send(
      HttpClient client, HttpRequest request, Duration deadline, int maxBodyBytes)
      throws IOException {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(request, "request == null");
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new LimitedBodySubscriber(maxBodyBytes, info));
    try {
      return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("exchange exceeded its deadline");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the response");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause != null && !(cause instanceof IOException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("exchange failed", e.getCause());
    }
  }

  /** The response body was longer than the configured cap. */
  public static final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(int maxBodyBytes) {
      super("response body exceeds " + maxBodyBytes + " bytes");
    }
  }

  static ResponseTooLargeException tooLarge(int maxBodyBytes) {
    return new ResponseTooLargeException(maxBodyBytes);
  }
}
