package dev.tollgate.scope;

import dev.tollgate.RequestView;
import dev.tollgate.ScopePolicy;
import dev.tollgate.bearer.BearerError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScopePolicy} built from rules: scopes every request needs, scopes per path, per MCP
 * JSON-RPC method ({@code tools/list} needs {@code mcp:tools:read}) and per tool for {@code
 * tools/call} ({@code charge} needs {@code mcp:tools:write}). A request needs the union of every
 * rule that matches it, so the {@code insufficient_scope} challenge lists all of them (RFC 6750
 * §3.1).
 *
 * <pre>{@code
 * ScopePolicy scopes = McpScopePolicy.builder()
 *     .always("mcp:connect")
 *     .method("tools/list", "mcp:tools:read")
 *     .method("tools/call", "mcp:tools:read")
 *     .tool("charge", "mcp:tools:write")
 *     .implies("mcp", "mcp:connect", "mcp:tools:read", "mcp:tools:write")
 *     .build();
 * }</pre>
 *
 * <p>Path rules ({@link Builder#path(String, String...)}) match {@link RequestView#routedPath()}:
 * the path the container routes, relative to the application's context (as {@code web.xml}
 * url-patterns are), already decoded and normalised, so {@code /mcp/%61dmin} or {@code
 * /mcp/x/../admin} is matched as the {@code /mcp/admin} it reaches. A prefix matches whole segments
 * only: {@code /mcp/admin} covers {@code /mcp/admin} and {@code /mcp/admin/users} but not {@code
 * /mcp/administrator}. Because some applications route on the raw URI instead, a policy with path
 * rules {@linkplain #dependsOnPath() makes the gate refuse} (400) any request whose raw path is not
 * in normal form; every spelling that could reach a ruled path differently is refused rather than
 * interpreted.
 *
 * <p>A scope hierarchy lets a broader granted scope satisfy narrower required ones: declared with
 * {@link Builder#implies(String, String...)} (transitively), and optionally by prefix with {@link
 * Builder#prefixHierarchy(char)} ({@code mcp} then covers {@code mcp:tools:read}). The MCP method
 * and tool name come from {@link RequestView#mcpMethod()} and {@link RequestView#mcpToolName()}.
 */
public final class McpScopePolicy implements ScopePolicy {
  private static final String TOOLS_CALL = "tools/call";

  private final Set<String> always;
  private final Map<String, Set<String>> paths;
  private final Map<String, Set<String>> methods;
  private final Map<String, Set<String>> tools;
  private final Map<String, Set<String>> implied;
  private final @Nullable Character prefixSeparator;
  // Without path rules the answer depends on the method and tool alone, and every rule is known
  // here: each answer is computed once, so a request allocates nothing to learn what it needs.
  private final Map<String, Set<String>> byMethod;
  private final Map<String, Set<String>> byTool;
  private final Set<String> anyTool;

  private McpScopePolicy(Builder builder, Map<String, Set<String>> implied) {
    this.always = Set.copyOf(builder.always);
    this.paths = copy(builder.paths);
    this.methods = copy(builder.methods);
    this.tools = copy(builder.tools);
    this.implied = implied;
    this.prefixSeparator = builder.prefixSeparator;
    Map<String, Set<String>> perMethod = new HashMap<>();
    methods.keySet().forEach(method -> perMethod.put(method, union(method, null)));
    this.byMethod = Map.copyOf(perMethod);
    Map<String, Set<String>> perTool = new HashMap<>();
    tools.keySet().forEach(tool -> perTool.put(tool, union(TOOLS_CALL, tool)));
    this.byTool = Map.copyOf(perTool);
    this.anyTool = union(TOOLS_CALL, null);
  }

  private Set<String> union(String method, @Nullable String tool) {
    Set<String> required = new HashSet<>(always);
    required.addAll(methods.getOrDefault(method, Set.of()));
    if (tool != null) {
      required.addAll(tools.getOrDefault(tool, Set.of()));
    }
    return Set.copyOf(required);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Set<String> requiredScopes(RequestView request) {
    if (paths.isEmpty()) {
      String method = request.mcpMethod();
      if (method == null) {
        return always;
      }
      if (TOOLS_CALL.equals(method)) {
        String tool = request.mcpToolName();
        Set<String> forTool = tool != null ? byTool.get(tool) : null;
        return forTool != null ? forTool : anyTool;
      }
      return byMethod.getOrDefault(method, always);
    }
    Set<String> required = new TreeSet<>(always);
    if (!paths.isEmpty()) {
      String path = request.routedPath();
      paths.forEach(
          (prefix, scopes) -> {
            if (matchesPath(prefix, path)) {
              required.addAll(scopes);
            }
          });
    }
    String method = request.mcpMethod();
    if (method != null) {
      required.addAll(methods.getOrDefault(method, Set.of()));
      String tool = request.mcpToolName();
      if (TOOLS_CALL.equals(method) && tool != null) {
        required.addAll(tools.getOrDefault(tool, Set.of()));
      }
    }
    return Set.copyOf(required);
  }

  /** True when a method or tool rule exists: only those look at the MCP call. */
  @Override
  public boolean needsMcpCall() {
    return !methods.isEmpty() || !tools.isEmpty();
  }

  /** True when a path rule exists: the gate then refuses raw paths not in normal form. */
  @Override
  public boolean dependsOnPath() {
    return !paths.isEmpty();
  }

  @Override
  public boolean isSatisfiedBy(Set<String> granted, Set<String> required) {
    for (String scope : required) {
      if (!covered(granted, scope)) {
        return false;
      }
    }
    return true;
  }

  private boolean covered(Set<String> granted, String scope) {
    if (granted.contains(scope)) {
      return true;
    }
    for (String held : granted) {
      if (implied.getOrDefault(held, Set.of()).contains(scope)) {
        return true;
      }
      if (prefixSeparator != null
          && scope.length() > held.length()
          && scope.startsWith(held)
          && scope.charAt(held.length()) == prefixSeparator) {
        return true;
      }
    }
    return false;
  }

  /** {@code prefix} matches itself and anything below it on a segment boundary. */
  private static boolean matchesPath(String prefix, String path) {
    if (prefix.equals("/")) {
      return true;
    }
    return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
  }

  private static Map<String, Set<String>> copy(Map<String, Set<String>> rules) {
    Map<String, Set<String>> copy = new HashMap<>();
    rules.forEach((key, scopes) -> copy.put(key, Set.copyOf(scopes)));
    return Map.copyOf(copy);
  }

  /** Collects rules; validated in {@link #build()}. */
  public static final class Builder {
    private final Set<String> always = new HashSet<>();
    private final Map<String, Set<String>> paths = new LinkedHashMap<>();
    private final Map<String, Set<String>> methods = new LinkedHashMap<>();
    private final Map<String, Set<String>> tools = new LinkedHashMap<>();
    private final Map<String, Set<String>> implies = new LinkedHashMap<>();
    private @Nullable Character prefixSeparator;

    private Builder() {}

    /** Scopes every request needs. */
    public Builder always(String... scopes) {
      always.addAll(scopes("always", scopes));
      return this;
    }

    /**
     * Scopes needed for {@code pathPrefix} and every path below it, by whole segments ({@code /mcp}
     * covers {@code /mcp/x} but not {@code /mcpx}). The prefix is context-relative, as a {@code
     * web.xml} url-pattern: for an application deployed at {@code /app}, {@code /mcp/admin} rules
     * {@code /app/mcp/admin}. It is compared with the decoded, normalised path, so write it
     * decoded.
     */
    public Builder path(String pathPrefix, String... scopes) {
      Objects.requireNonNull(pathPrefix, "pathPrefix == null");
      if (!pathPrefix.startsWith("/") || (pathPrefix.length() > 1 && pathPrefix.endsWith("/"))) {
        throw new IllegalArgumentException(
            "path: prefix must start with / and not end with one, was '" + pathPrefix + "'");
      }
      add(paths, pathPrefix, scopes("path", scopes));
      return this;
    }

    /** Scopes needed for JSON-RPC method {@code method}, e.g. {@code tools/list}. */
    public Builder method(String method, String... scopes) {
      add(methods, requireName("method", method), scopes("method", scopes));
      return this;
    }

    /**
     * Scopes needed to call tool {@code toolName} ({@code tools/call} with that {@code
     * params.name}).
     */
    public Builder tool(String toolName, String... scopes) {
      add(tools, requireName("tool", toolName), scopes("tool", scopes));
      return this;
    }

    /** Granting {@code broader} also grants each of {@code narrower} (and what they imply). */
    public Builder implies(String broader, String... narrower) {
      String scope = scopes("implies", broader).iterator().next();
      add(implies, scope, scopes("implies", narrower));
      return this;
    }

    /**
     * Treats a scope as covering every scope that extends it after {@code separator}: with {@code
     * ':'}, {@code mcp} covers {@code mcp:tools} and {@code mcp:tools:read}.
     */
    public Builder prefixHierarchy(char separator) {
      if (separator < 0x21 || separator > 0x7E || separator == '"' || separator == '\\') {
        throw new IllegalArgumentException("prefixHierarchy: separator must be a scope character");
      }
      this.prefixSeparator = separator;
      return this;
    }

    public McpScopePolicy build() {
      return new McpScopePolicy(this, closure(implies));
    }

    /** Each scope's transitive set of implied scopes; cycles are harmless. */
    private static Map<String, Set<String>> closure(Map<String, Set<String>> direct) {
      Map<String, Set<String>> closed = new HashMap<>();
      for (String root : direct.keySet()) {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(direct.get(root));
        while (!pending.isEmpty()) {
          String next = pending.pop();
          if (reached.add(next)) {
            pending.addAll(direct.getOrDefault(next, Set.of()));
          }
        }
        reached.remove(root);
        closed.put(root, Set.copyOf(reached));
      }
      return Map.copyOf(closed);
    }

    private static void add(Map<String, Set<String>> rules, String key, Set<String> scopes) {
      rules.computeIfAbsent(key, k -> new HashSet<>()).addAll(scopes);
    }

    private static String requireName(String setting, String name) {
      Objects.requireNonNull(name, setting + " == null");
      if (name.isEmpty()) {
        throw new IllegalArgumentException(setting + ": name is empty");
      }
      return name;
    }

    private static Set<String> scopes(String setting, String... scopes) {
      Set<String> valid = new HashSet<>();
      for (String scope : scopes) {
        Objects.requireNonNull(scope, setting + ": scope == null");
        if (!BearerError.isScopeToken(scope)) {
          throw new IllegalArgumentException(
              setting + ": not a valid scope token: '" + scope + "'");
        }
        valid.add(scope);
      }
      if (valid.isEmpty()) {
        throw new IllegalArgumentException(setting + ": at least one scope is required");
      }
      return valid;
    }
  }
}
