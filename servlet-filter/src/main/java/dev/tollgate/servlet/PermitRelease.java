package dev.tollgate.servlet;

import dev.tollgate.Permit;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Gives a request's concurrency slot back when its response is complete: right after the chain for
 * a synchronous response or one that failed, and for an asynchronous one (Server-Sent Events) on
 * its completion, error or timeout, which the container reports also when the client disconnects.
 */
final class PermitRelease implements AsyncListener {
  /** The chain, as something that may throw what a filter may. */
  @FunctionalInterface
  interface Chain {
    void run() throws IOException, ServletException;
  }

  private final Permit permit;

  private PermitRelease(Permit permit) {
    this.permit = permit;
  }

  /** Runs {@code chain}, then releases {@code permit} now or when the async response completes. */
  static void around(HttpServletRequest request, Permit permit, Chain chain)
      throws IOException, ServletException {
    if (permit == Permit.none()) {
      chain.run();
      return;
    }
    boolean releaseLater = false;
    try {
      chain.run();
      releaseLater = request.isAsyncStarted() && listen(request, permit);
    } finally {
      if (!releaseLater) {
        permit.release();
      }
    }
  }

  private static boolean listen(HttpServletRequest request, Permit permit) {
    try {
      AsyncContext async = request.getAsyncContext();
      async.addListener(new PermitRelease(permit));
      return true;
    } catch (IllegalStateException e) {
      // Completed in the meantime: nothing will call a listener, so release now.
      return false;
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    permit.release();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    permit.release();
  }

  @Override
  public void onError(AsyncEvent event) {
    permit.release();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A re-dispatched request that starts async again: keep listening.
    event.getAsyncContext().addListener(this);
  }
}
