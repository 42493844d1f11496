package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Declarative registration: parameters are resolved from the running extension. */
@ExtendWith(TollgateTestIssuer.class)
class TollgateTestIssuerDeclaredTest {
  private final LocalIssuer fromConstructor;

  TollgateTestIssuerDeclaredTest(LocalIssuer issuer) {
    this.fromConstructor = issuer;
  }

  @Test
  void parametersWhenDeclaredThenResolvedToTheRunningIssuer(
      TollgateTestIssuer extension, LocalIssuer local, TestApiKeys keys) {
    assertSame(extension.issuer(), local);
    assertSame(fromConstructor, local);
    assertSame(extension.apiKeys(), keys);
    Tollgate gate = local.tollgate().build();

    Decision decision =
        gate.decide(
            RequestView.of(
                "POST",
                "/mcp",
                Map.of("Authorization", List.of("Bearer " + local.token().sign())),
                null));

    assertInstanceOf(Decision.Allow.class, decision);
  }
}
