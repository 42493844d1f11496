package dev.tollgate.testing;

import dev.tollgate.Credential;
import dev.tollgate.CredentialResolver;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed table from credential to outcome, for unit tests of an application's own code that need a
 * {@link dev.tollgate.gate.Tollgate} but no keys, clocks or network.
 *
 * <pre>{@code
 * CredentialResolver resolver = StaticCredentialResolver.builder()
 *     .token("t1", TollgatePrincipal.builder("demo-pro").scopes(Set.of("mcp")).build())
 *     .invalid("bad")
 *     .unavailable("down", "jwks")
 *     .build();
 * }</pre>
 *
 * <p>Credentials not in the table are {@linkplain Resolution#notMine() not this resolver's}, so it
 * chains with others; alone in a gate they are refused. The table is keyed by SHA-256, like every
 * credential cache in Tollgate. Immutable and thread-safe.
 */
public final class StaticCredentialResolver implements CredentialResolver {
  private final Map<String, Resolution> byHash;

  private StaticCredentialResolver(Map<String, Resolution> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Resolution resolve(Credential credential) {
    Objects.requireNonNull(credential, "credential == null");
    return byHash.getOrDefault(credential.sha256Hex(), Resolution.notMine());
  }

  @Override
  public String toString() {
    return "StaticCredentialResolver[" + byHash.size() + " credentials]";
  }

  /** Fills the table; each credential may appear once. */
  public static final class Builder {
    /** The phrase of {@link #invalid(String)}; fixed, as challenge descriptions must be. */
    static final String INVALID = "The access token is invalid";

    private final Map<String, Resolution> byHash = new HashMap<>();

    private Builder() {}

    /** {@code credential} resolves to {@code principal}. */
    public Builder token(String credential, TollgatePrincipal principal) {
      return put(
          credential, Resolution.resolved(Objects.requireNonNull(principal, "principal == null")));
    }

    /** {@code credential} is refused: 401 {@code invalid_token}. */
    public Builder invalid(String credential) {
      return put(credential, Resolution.invalid(INVALID));
    }

    /** Resolving {@code credential} finds {@code dependency} down: 503. */
    public Builder unavailable(String credential, String dependency) {
      return put(
          credential,
          Resolution.unavailable(Objects.requireNonNull(dependency, "dependency == null")));
    }

    private Builder put(String credential, Resolution resolution) {
      String hash =
          Credential.of(Objects.requireNonNull(credential, "credential == null")).sha256Hex();
      if (byHash.putIfAbsent(hash, resolution) != null) {
        throw new IllegalArgumentException("credential was already added (by value; not shown)");
      }
      return this;
    }

    public StaticCredentialResolver build() {
      return new StaticCredentialResolver(byHash);
    }
  }
}
