package dev.tollgate.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a refused {@code tollgate.*} property by name when the application fails to start. */
final class TollgatePropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<TollgatePropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, TollgatePropertyException cause) {
    return new FailureAnalysis(
        "Invalid Tollgate property '" + cause.property() + "': " + cause.problem(),
        "Correct '"
            + cause.property()
            + "' in the application's configuration (or the environment variable "
            + cause.environmentVariable()
            + ").",
        cause);
  }
}
