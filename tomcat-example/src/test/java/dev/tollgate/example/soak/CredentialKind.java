package dev.tollgate.example.soak;

/**
 * The credentials a soak client sends, each with the answer the gate owes it when its dependency is
 * healthy, and how often it is sent (weights out of 100).
 */
enum CredentialKind {
  JWT_VALID(Dependency.JWKS, Outcome.ALLOWED, 20),
  JWT_FREE_ACCOUNT(Dependency.JWKS, Outcome.ENTITLEMENT_REQUIRED, 5),
  JWT_BAD_SIGNATURE(Dependency.JWKS, Outcome.INVALID_TOKEN, 4),
  JWT_EXPIRED(Dependency.JWKS, Outcome.INVALID_TOKEN, 4),
  JWT_WRONG_AUDIENCE(Dependency.JWKS, Outcome.INVALID_TOKEN, 4),
  OPAQUE_VALID(Dependency.INTROSPECTION, Outcome.ALLOWED, 20),
  OPAQUE_FREE_ACCOUNT(Dependency.INTROSPECTION, Outcome.ENTITLEMENT_REQUIRED, 5),
  OPAQUE_INACTIVE(Dependency.INTROSPECTION, Outcome.INVALID_TOKEN, 4),
  OPAQUE_WRONG_AUDIENCE(Dependency.INTROSPECTION, Outcome.INVALID_TOKEN, 4),
  API_KEY_VALID(Dependency.NONE, Outcome.ALLOWED, 22),
  API_KEY_UNKNOWN(Dependency.NONE, Outcome.INVALID_TOKEN, 8);

  /** What the gate must ask before it can decide on this credential. */
  enum Dependency {
    NONE,
    JWKS,
    INTROSPECTION
  }

  private static final int TOTAL_WEIGHT;

  static {
    int total = 0;
    for (CredentialKind kind : values()) {
      total += kind.weight;
    }
    TOTAL_WEIGHT = total;
  }

  final Dependency dependency;
  final Outcome expected;
  private final int weight;

  CredentialKind(Dependency dependency, Outcome expected, int weight) {
    this.dependency = dependency;
    this.expected = expected;
    this.weight = weight;
  }

  /** Whether this credential is genuine: issued by the issuer, unexpired, for this resource. */
  boolean genuine() {
    return expected != Outcome.INVALID_TOKEN;
  }

  /** The kind whose weight band holds {@code draw}, a number from 0 to the total weight. */
  static CredentialKind pick(int draw) {
    int remaining = Math.floorMod(draw, TOTAL_WEIGHT);
    for (CredentialKind kind : values()) {
      if (remaining < kind.weight) {
        return kind;
      }
      remaining -= kind.weight;
    }
    throw new IllegalStateException("weights add up to " + TOTAL_WEIGHT);
  }

  static int totalWeight() {
    return TOTAL_WEIGHT;
  }
}
