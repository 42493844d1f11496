package dev.tollgate.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Locale;
import java.util.Set;

/**
 * Which JWS algorithms a resolver may be configured with: asymmetric signatures only (RFC 8725
 * §3.1–3.2). HMAC is refused because a resource server holding the secret could mint tokens, and
 * because mixing it with public keys invites algorithm confusion; {@code none} is never a choice.
 */
final class Algorithms {
  private static final String TINK_CLASS = "com.google.crypto.tink.subtle.Ed25519Verify";

  private Algorithms() {}

  static void validate(Set<JWSAlgorithm> algorithms) {
    if (algorithms.isEmpty()) {
      throw new IllegalStateException("algorithms must name at least one algorithm");
    }
    for (JWSAlgorithm algorithm : algorithms) {
      String name = algorithm.getName();
      if (name.toLowerCase(Locale.ROOT).equals("none")) {
        throw new IllegalStateException("algorithms must not contain none");
      }
      if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
        throw new IllegalStateException("algorithms must not contain HMAC algorithm " + name);
      }
      if (!JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
        throw new IllegalStateException("algorithms: unsupported algorithm " + name);
      }
      if (JWSAlgorithm.Family.ED.contains(algorithm) && !tinkPresent()) {
        // Nimbus verifies Ed25519 through Google Tink, an optional dependency: fail now rather
        // than with a NoClassDefFoundError on the first token.
        throw new IllegalStateException(
            "algorithms: " + name + " needs com.google.crypto.tink:tink on the class path");
      }
    }
  }

  private static boolean tinkPresent() {
    try {
      Class.forName(TINK_CLASS, false, Algorithms.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
