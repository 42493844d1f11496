package dev.tollgate.ratelimit;

import dev.tollgate.DependencyUnavailableException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs store calls on a small pool of its own, so a request thread waits at most the timeout
 * however long the database takes (a connection attempt to a blackholed host can hang for the
 * driver's connect timeout). The queue is bounded: when the database is slow and calls pile up, new
 * ones are refused at once instead of queueing behind them.
 */
final class BoundedCalls implements AutoCloseable {
  private final Duration timeout;
  private final ThreadPoolExecutor executor;
  private final String dependency;

  BoundedCalls(String dependency, Duration timeout, int threads) {
    this.dependency = dependency;
    this.timeout = timeout;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(threads * 16),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "tollgate-" + dependency + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * {@code call}'s result, or a {@link DependencyUnavailableException} after the timeout or on
   * failure.
   */
  <T> T call(Callable<T> call) {
    Future<T> future;
    try {
      future = executor.submit(call);
    } catch (RejectedExecutionException e) {
      throw new DependencyUnavailableException(dependency, e);
    }
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new DependencyUnavailableException(dependency, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DependencyUnavailableException unavailable) {
        throw unavailable;
      }
      throw new DependencyUnavailableException(dependency, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new DependencyUnavailableException(dependency, e);
    }
  }

  /** Runs {@code task} in the background, dropping it when the pool is saturated. */
  void fireAndForget(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // Dropped: a slot not deleted now is reclaimed when its lease expires.
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
