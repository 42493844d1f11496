package dev.tollgate.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class or method that needs {@link PostgresTestDatabase}: without {@code
 * TOLLGATE_TEST_POSTGRES_URL} its tests are reported as skipped, with the reason, before any of its
 * set-up runs (an assumption aborted in {@code @BeforeAll} would show as "Tests run: 0"). With
 * {@code TOLLGATE_REQUIRE_POSTGRES=true} they always run, so a missing server fails them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

  /** Disables the tests when PostgreSQL is neither configured nor required. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return PostgresTestDatabase.availability();
    }
  }
}
