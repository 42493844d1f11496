package dev.tollgate.metrics;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.internal.Closeables;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every call to a resolver as {@value TollgateMetrics#RESOLVER_LATENCY} and reports what it
 * learns of its dependencies to {@link DependencyHealth}.
 *
 * <p>A {@link Resolution.Resolved} marks every dependency this resolver has declared or reported
 * down as up: a principal means whatever the resolver needed answered. {@link Resolution.Invalid}
 * and {@link Resolution.NotMine} change nothing, because a resolver can refuse a malformed
 * credential without asking anyone, even while its dependency is down.
 */
final class TimedCredentialResolver implements CredentialResolver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TimedCredentialResolver.class);
  private final String name;
  private final CredentialResolver delegate;
  private final MeterRegistry registry;
  private final DependencyHealth health;
  private final Set<String> dependencies = ConcurrentHashMap.newKeySet();
  private final Timer resolved;
  private final Timer invalid;
  private final Timer notMine;
  private final Timer unavailable;
  private final Timer error;

  TimedCredentialResolver(
      String name,
      CredentialResolver delegate,
      Set<String> dependencies,
      MeterRegistry registry,
      DependencyHealth health) {
    this.name = name;
    this.delegate = delegate;
    this.registry = registry;
    this.health = health;
    // Registered up front so a dashboard shows every result, at zero, before the first request.
    this.resolved = timer("resolved");
    this.invalid = timer("invalid");
    this.notMine = timer("not_mine");
    this.unavailable = timer("unavailable");
    this.error = timer("error");
    for (String dependency : dependencies) {
      health.declare(dependency);
      this.dependencies.add(dependency);
    }
  }

  private Timer timer(String result) {
    return Timer.builder(TollgateMetrics.RESOLVER_LATENCY)
        .description("Time to resolve a credential, by resolver and result")
        .tag("resolver", name)
        .tag("result", result)
        .register(registry);
  }

  @Override
  public Resolution resolve(Credential credential) {
    Timer.Sample sample = Timer.start(registry);
    Resolution resolution;
    try {
      resolution = delegate.resolve(credential);
    } catch (RuntimeException | Error e) {
      // The gate answers 503 for this; the timer tells it apart from a reported outage.
      sample.stop(error);
      throw e;
    }
    return recorded(sample, resolution);
  }

  /** The delegate's known answer, timed and reported as a resolution is. */
  @Override
  public @Nullable Resolution known(Credential credential) {
    Timer.Sample sample = Timer.start(registry);
    Resolution known;
    try {
      known = delegate.known(credential);
    } catch (RuntimeException | Error e) {
      sample.stop(error);
      throw e;
    }
    return known == null ? null : recorded(sample, known);
  }

  private Resolution recorded(Timer.Sample sample, Resolution resolution) {
    if (resolution instanceof Resolution.Resolved) {
      sample.stop(resolved);
      dependencies.forEach(health::up);
    } else if (resolution instanceof Resolution.Invalid) {
      sample.stop(invalid);
    } else if (resolution instanceof Resolution.NotMine) {
      sample.stop(notMine);
    } else if (resolution instanceof Resolution.Unavailable down) {
      sample.stop(unavailable);
      if (health.down(down.dependency())) {
        dependencies.add(down.dependency());
      }
    } else {
      // A null from the delegate: the gate fails closed on it; count it with the errors.
      sample.stop(error);
    }
    return resolution;
  }

  /**
   * Closes the timed resolver when it is {@link AutoCloseable}: timing it does not take it over.
   */
  @Override
  public void close() {
    Closeables.closeAll(List.of(delegate), log);
  }

  @Override
  public String toString() {
    return "TimedCredentialResolver[" + name + ", " + delegate + "]";
  }
}
