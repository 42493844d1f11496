package dev.tollgate.spring.boot;

import dev.tollgate.CredentialResolver;
import dev.tollgate.Entitlement;
import dev.tollgate.EntitlementPolicy;
import dev.tollgate.RequestView;
import dev.tollgate.RevocationCheck;
import dev.tollgate.ScopePolicy;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.audit.DecisionListener;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Views of the application's beans that the gate does not close. A {@link
 * dev.tollgate.gate.Tollgate} closes the {@link AutoCloseable} components it is built with; the
 * application's beans belong to the Spring context, which closes them itself (after the gate, which
 * depends on them), so the starter hands the gate a view without {@code close()}. Beans that are
 * not {@link AutoCloseable} are passed as they are.
 */
final class SpringManaged {
  private SpringManaged() {}

  static CredentialResolver resolver(CredentialResolver bean) {
    if (!(bean instanceof AutoCloseable)) {
      return bean;
    }
    return new CredentialResolver() {
      @Override
      public dev.tollgate.Resolution resolve(dev.tollgate.Credential credential) {
        return bean.resolve(credential);
      }

      @Override
      public dev.tollgate.@Nullable Resolution known(dev.tollgate.Credential credential) {
        return bean.known(credential);
      }

      @Override
      public String toString() {
        return bean.toString();
      }
    };
  }

  static RevocationCheck revocationCheck(RevocationCheck bean) {
    // A lambda, not the bean: the gate must not see (and close) the application's AutoCloseable.
    return bean instanceof AutoCloseable ? principal -> bean.isRevoked(principal) : bean;
  }

  static DecisionListener listener(DecisionListener bean) {
    return bean instanceof AutoCloseable ? event -> bean.onDecision(event) : bean;
  }

  static EntitlementPolicy entitlementPolicy(EntitlementPolicy bean) {
    if (!(bean instanceof AutoCloseable)) {
      return bean;
    }
    return new EntitlementPolicy() {
      @Override
      public Entitlement check(TollgatePrincipal principal, RequestView request) {
        return bean.check(principal, request);
      }

      @Override
      public boolean needsMcpCall() {
        return bean.needsMcpCall();
      }
    };
  }

  static ScopePolicy scopePolicy(ScopePolicy bean) {
    if (!(bean instanceof AutoCloseable)) {
      return bean;
    }
    return new ScopePolicy() {
      @Override
      public Set<String> requiredScopes(RequestView request) {
        return bean.requiredScopes(request);
      }

      @Override
      public boolean isSatisfiedBy(Set<String> granted, Set<String> required) {
        return bean.isSatisfiedBy(granted, required);
      }

      @Override
      public boolean needsMcpCall() {
        return bean.needsMcpCall();
      }

      @Override
      public boolean dependsOnPath() {
        return bean.dependsOnPath();
      }
    };
  }
}
