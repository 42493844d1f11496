package dev.tollgate.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * {@link TollgatePropertyFailureAnalyzer}: a refused {@code tollgate.*} value stops the application
 * with a report naming the property and its environment variable.
 */
class TollgatePropertyFailureAnalyzerTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class));

  @Test
  void startWhenResourceMissingThenFailureNamesProperty() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis = analyze(context.getStartupFailure());
          assertThat(analysis.getDescription())
              .startsWith("Invalid Tollgate property 'tollgate.resource': is required");
          assertThat(analysis.getAction())
              .contains("tollgate.resource")
              .contains("TOLLGATE_RESOURCE");
        });
  }

  @Test
  void startWhenJwksUriMalformedThenFailureNamesProperty() {
    runner
        .withPropertyValues(
            "tollgate.resource=https://mcp.example.com/mcp",
            "tollgate.issuer=https://auth.example.com",
            "tollgate.jwks-uri=ftp://auth.example.com/jwks")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(analyze(context.getStartupFailure()).getDescription())
                  .startsWith(
                      "Invalid Tollgate property 'tollgate.jwks-uri': must be an absolute http(s) URL");
            });
  }

  @Test
  void startWhenNoWayToVerifyCredentialsThenFailureNamesIssuer() {
    runner
        .withPropertyValues("tollgate.resource=https://mcp.example.com/mcp")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(analyze(context.getStartupFailure()).getDescription())
                  .startsWith("Invalid Tollgate property 'tollgate.issuer': is required");
            });
  }

  private static FailureAnalysis analyze(Throwable failure) {
    TollgatePropertyException cause = findCause(failure);
    assertThat(cause).as("no TollgatePropertyException in %s", failure).isNotNull();
    return new TollgatePropertyFailureAnalyzer().analyze(failure);
  }

  private static TollgatePropertyException findCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TollgatePropertyException property) {
        return property;
      }
    }
    return null;
  }
}
