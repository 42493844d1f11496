package dev.tollgate.spring.boot;

import dev.tollgate.CredentialResolver;
import dev.tollgate.audit.DecisionListener;
import java.util.List;

/** What observes the gate (Micrometer meters, when the application has a registry). */
interface GateInstrumentation {
  GateInstrumentation NONE =
      new GateInstrumentation() {
        @Override
        public CredentialResolver resolver(CredentialResolver resolver) {
          return resolver;
        }

        @Override
        public List<DecisionListener> listeners() {
          return List.of();
        }
      };

  /** {@code resolver}, observed. */
  CredentialResolver resolver(CredentialResolver resolver);

  /** Listeners to add to the gate. */
  List<DecisionListener> listeners();
}
