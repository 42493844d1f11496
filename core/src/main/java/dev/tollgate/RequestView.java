package dev.tollgate;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request the gate looks at. Containers adapt their request to this view; the
 * body is never part of it, so no credential can be read from a body.
 */
public interface RequestView {

  /** The HTTP method, e.g. {@code POST}. */
  String method();

  /**
   * The request path as received: undecoded, including any context path, without the query string
   * (the servlet {@code getRequestURI()}). The audit log records it, and when the scope policy has
   * path rules the gate refuses a request whose {@code path()} is not in normal form (see {@link
   * ScopePolicy#dependsOnPath()}).
   */
  String path();

  /**
   * The path the application routes this request on, relative to its context: decoded, with dot
   * segments and path parameters removed (the servlet {@code getServletPath() + getPathInfo()}).
   * Path scope rules match this path, so a rule sees what the application serves. The default is
   * {@link #path()}, which is right only for an adapter without a context path; an adapter that has
   * one must override this.
   */
  default String routedPath() {
    return path();
  }

  /** Every value of header {@code name} (matched case-insensitively), one per header line. */
  List<String> headers(String name);

  /** The raw (undecoded) query string, or {@code null} when the request had none. */
  @Nullable String queryString();

  /**
   * The address of the peer that sent the request (the servlet {@code getRemoteAddr()}), or {@code
   * null} when the adapter does not know it. Failure rate limiting keys on it. Behind a reverse
   * proxy this is the proxy's address: Tollgate does not read {@code X-Forwarded-For} or {@code
   * Forwarded}, which any client can set, so an adapter that wants the original client's address
   * must take it from a proxy it trusts.
   */
  default @Nullable String remoteAddress() {
    return null;
  }

  /**
   * The JSON-RPC method of the MCP message this request carries (e.g. {@code tools/call}), or
   * {@code null} when the adapter did not determine it or the message has no method (a client's
   * JSON-RPC response to a server request, such as an elicitation answer). Adapters supply it
   * through {@link #withMcpCall(RequestView, String, String)} or {@link
   * dev.tollgate.gate.Tollgate#decide(RequestView, dev.tollgate.mcp.McpCallReader)}; scope and
   * entitlement policies read it.
   */
  default @Nullable String mcpMethod() {
    return null;
  }

  /** For a {@code tools/call}, the tool's name ({@code params.name}); otherwise {@code null}. */
  default @Nullable String mcpToolName() {
    return null;
  }

  /**
   * {@code view}, answering {@link #mcpMethod()} and {@link #mcpToolName()} with the given values.
   * The values must come from a parser that has validated the message (see {@code
   * dev.tollgate.mcp.McpCallParser}), never straight from a header an attacker can vary freely; the
   * one exception is the view handed to {@link dev.tollgate.gate.Tollgate#decide(RequestView,
   * dev.tollgate.mcp.McpCallReader)}, whose header-declared call the gate confirms against the
   * message it reads before allowing the request.
   */
  static RequestView withMcpCall(
      RequestView view, @Nullable String method, @Nullable String toolName) {
    Objects.requireNonNull(view, "view == null");
    return new RequestView() {
      @Override
      public String method() {
        return view.method();
      }

      @Override
      public String path() {
        return view.path();
      }

      @Override
      public String routedPath() {
        return view.routedPath();
      }

      @Override
      public List<String> headers(String name) {
        return view.headers(name);
      }

      @Override
      public @Nullable String queryString() {
        return view.queryString();
      }

      @Override
      public @Nullable String remoteAddress() {
        return view.remoteAddress();
      }

      @Override
      public @Nullable String mcpMethod() {
        return method;
      }

      @Override
      public @Nullable String mcpToolName() {
        return toolName;
      }

      @Override
      public String toString() {
        return view.toString();
      }
    };
  }

  /**
   * A simple immutable view, for tests and for adapters that already hold the headers in a map.
   * Header names are matched case-insensitively.
   */
  static RequestView of(
      String method, String path, Map<String, List<String>> headers, @Nullable String queryString) {
    return builder(method, path).headers(headers).queryString(queryString).build();
  }

  /** Starts an immutable view of a {@code method} request to {@code path}. */
  static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /**
   * An immutable {@link RequestView}: what {@link Builder#build()} returns.
   *
   * @param headers header values by name, matched case-insensitively
   */
  record Snapshot(
      String method,
      String path,
      String routedPath,
      Map<String, List<String>> headers,
      @Nullable String queryString,
      @Nullable String remoteAddress,
      @Nullable String mcpMethod,
      @Nullable String mcpToolName)
      implements RequestView {
    public Snapshot {
      Objects.requireNonNull(method, "method == null");
      Objects.requireNonNull(path, "path == null");
      Objects.requireNonNull(routedPath, "routedPath == null");
      Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach(
          (name, values) -> byName.merge(name, List.copyOf(values), RequestView::concat));
      headers = Collections.unmodifiableMap(byName);
    }

    @Override
    public List<String> headers(String name) {
      return headers.getOrDefault(name, List.of());
    }

    @Override
    public String toString() {
      return method.toUpperCase(Locale.ROOT) + " " + path;
    }
  }

  /**
   * Builds a {@link Snapshot}. Single-valued parts may be set once each; {@link #header} adds a
   * header line. The routed path defaults to the path.
   */
  final class Builder {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private @Nullable String routedPath;
    private @Nullable String queryString;
    private @Nullable String remoteAddress;
    private @Nullable String mcpMethod;
    private @Nullable String mcpToolName;
    private boolean queryStringSet;
    private boolean remoteAddressSet;
    private boolean mcpCallSet;

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method == null");
      this.path = Objects.requireNonNull(path, "path == null");
    }

    /** Adds one header line {@code name: value}. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      headers.merge(name, List.of(value), RequestView::concat);
      return this;
    }

    /** Adds every line of {@code headers}. */
    public Builder headers(Map<String, List<String>> headers) {
      Objects.requireNonNull(headers, "headers == null");
      headers.forEach((name, values) -> values.forEach(value -> header(name, value)));
      return this;
    }

    /** The path the application routes on; see {@link RequestView#routedPath()}. */
    public Builder routedPath(String routedPath) {
      requireUnset(this.routedPath != null, "routedPath");
      this.routedPath = Objects.requireNonNull(routedPath, "routedPath == null");
      return this;
    }

    /** The raw query string, or {@code null} for none. */
    public Builder queryString(@Nullable String queryString) {
      requireUnset(queryStringSet, "queryString");
      this.queryStringSet = true;
      this.queryString = queryString;
      return this;
    }

    /** The peer's address; see {@link RequestView#remoteAddress()}. */
    public Builder remoteAddress(@Nullable String remoteAddress) {
      requireUnset(remoteAddressSet, "remoteAddress");
      this.remoteAddressSet = true;
      this.remoteAddress = remoteAddress;
      return this;
    }

    /**
     * The MCP method and tool the request carries, from a validated message; see {@link
     * RequestView#withMcpCall(RequestView, String, String)}.
     */
    public Builder mcpCall(@Nullable String method, @Nullable String toolName) {
      requireUnset(mcpCallSet, "mcpCall");
      this.mcpCallSet = true;
      this.mcpMethod = method;
      this.mcpToolName = toolName;
      return this;
    }

    /** The immutable view. */
    public Snapshot build() {
      return new Snapshot(
          method,
          path,
          routedPath != null ? routedPath : path,
          headers,
          queryString,
          remoteAddress,
          mcpMethod,
          mcpToolName);
    }

    private static void requireUnset(boolean set, String name) {
      if (set) {
        throw new IllegalStateException(name + " was already set");
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
