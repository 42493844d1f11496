package dev.tollgate;

import java.util.Objects;
import java.util.Set;

/**
 * Which scopes a request needs, and whether granted scopes cover them (RFC 6750 §3.1 {@code
 * insufficient_scope}).
 */
public interface ScopePolicy {

  /**
   * Every scope the operation in {@code request} needs. Sent back as the challenge's {@code scope}
   * when the principal lacks one, and in the 401 challenge, so clients know what to ask for.
   */
  Set<String> requiredScopes(RequestView request);

  /** Whether {@code granted} covers all of {@code required}; exact match unless overridden. */
  default boolean isSatisfiedBy(Set<String> granted, Set<String> required) {
    return granted.containsAll(required);
  }

  /**
   * Whether {@link #requiredScopes(RequestView)} depends on {@link RequestView#mcpMethod()} or
   * {@link RequestView#mcpToolName()}. Adapters read the request body to learn them only when this
   * (or {@link dev.tollgate.EntitlementPolicy#needsMcpCall()}) is true; the default, false, keeps
   * the body unread. An implementation that reads the MCP method or tool must override this to
   * return true, or it sees {@code null} for both and its rules never apply.
   */
  default boolean needsMcpCall() {
    return false;
  }

  /**
   * Whether {@link #requiredScopes(RequestView)} depends on the request's path. When true, the gate
   * refuses with 400 {@code invalid_request}, before anything else, a request whose raw {@link
   * RequestView#path()} is not in normal form (percent-encoded unreserved characters or {@code /},
   * {@code ;} path parameters, {@code //}, {@code .} or {@code ..} segments, backslashes): the
   * rules match {@link RequestView#routedPath()}, and an application that routes on the raw URI
   * must not be reachable through a spelling the rules did not see. An implementation that reads
   * the path must override this to return true.
   */
  default boolean dependsOnPath() {
    return false;
  }

  /** The same scopes for every request. An empty set requires no scope at all. */
  static ScopePolicy fixed(Set<String> scopes) {
    Set<String> copy = Set.copyOf(Objects.requireNonNull(scopes, "scopes == null"));
    return request -> copy;
  }
}
