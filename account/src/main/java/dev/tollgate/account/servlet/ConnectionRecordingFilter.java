package dev.tollgate.account.servlet;

import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Records the OAuth client of every request a {@link TollgateFilter} allowed, so the account page
 * can list connected apps. Map it to the same paths as the {@code TollgateFilter}, after it.
 *
 * <p>It reads {@link TollgateFilter#principal(ServletRequest)}; a request without one (not allowed
 * by the gate, or a path the gate does not cover) passes untouched. Only access tokens with a
 * {@code client_id} are recorded, API keys never. The {@link ConnectionRecorder} throttles writes
 * and never throws, so recording costs a map lookup on most requests and never fails one.
 */
public final class ConnectionRecordingFilter implements Filter {
  private final ConnectionRecorder recorder;

  /** A filter feeding {@code recorder}. */
  public ConnectionRecordingFilter(ConnectionRecorder recorder) {
    this.recorder = Objects.requireNonNull(recorder, "recorder == null");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    TollgateFilter.principal(request).ifPresent(recorder::record);
    chain.doFilter(request, response);
  }
}
