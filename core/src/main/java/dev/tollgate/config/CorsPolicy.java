package dev.tollgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which browser origins may call the protected endpoint: the one origin policy of the filter. A
 * CORS preflight (Fetch standard, "CORS protocol") and the request that follows get answers that
 * agree: an allowed origin gets its CORS headers on both; a request with an {@code Origin} that is
 * not allowed is refused, preflight or not, with 403 and the JSON body {@code
 * {"error":"origin_not_allowed",...}} before any credential is looked at (the MCP transport
 * specification asks servers to validate {@code Origin}, against DNS rebinding). The resource's own
 * origin is always allowed.
 *
 * <p>Bearer credentials are not cookies, so no {@code Access-Control-Allow-Credentials} is ever
 * sent and {@code *} is a safe default: a page on another origin still needs the token itself.
 * Restrict origins when the MCP server also relies on ambient credentials, or listens on a loopback
 * or private address a web page could reach.
 */
public final class CorsPolicy {
  /** Methods MCP streamable HTTP uses: POST messages, GET the SSE stream, DELETE the session. */
  public static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";

  /** Request headers an MCP client sends besides the safelisted ones. */
  public static final List<String> DEFAULT_ALLOWED_HEADERS =
      List.of(
          "Authorization",
          "Content-Type",
          "Accept",
          "Mcp-Session-Id",
          "Mcp-Protocol-Version",
          "Last-Event-ID");

  /**
   * Ten minutes: long enough to spare most preflights, short enough that a change to the allowed
   * headers reaches browsers quickly (Chromium caps the value at two hours anyway).
   */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  /** The port of an origin pattern that allows its host on every port. */
  private static final String ANY_PORT = ":*";

  private static final CorsPolicy DEFAULTS = builder().build();

  private final boolean anyOrigin;

  /** Exact origins, lower case. */
  private final Set<String> origins;

  /** {@code scheme://host} of origins allowed on any port ({@code http://localhost:*}). */
  private final Set<String> anyPortOrigins;

  private final List<String> headers;
  private final Duration maxAge;
  private final String allowHeaders;
  private final String maxAgeSeconds;

  private CorsPolicy(Builder builder) {
    this.anyOrigin = builder.origins.isEmpty() || builder.origins.contains("*");
    Set<String> exact = new LinkedHashSet<>();
    Set<String> anyPort = new LinkedHashSet<>();
    for (String origin : builder.origins) {
      if (origin.endsWith(ANY_PORT)) {
        anyPort.add(origin.substring(0, origin.length() - ANY_PORT.length()));
      } else {
        exact.add(origin);
      }
    }
    this.origins = Set.copyOf(exact);
    this.anyPortOrigins = Set.copyOf(anyPort);
    this.headers = List.copyOf(builder.headers);
    this.maxAge = builder.maxAge;
    this.allowHeaders = String.join(", ", builder.headers);
    this.maxAgeSeconds = Long.toString(builder.maxAge.toSeconds());
  }

  /**
   * This policy with the origin of {@code resource} allowed as well: a page served beside the
   * endpoint is never refused. Unchanged when any origin is allowed.
   */
  public CorsPolicy including(URI resource) {
    if (anyOrigin) {
      return this;
    }
    String scheme = resource.getScheme().toLowerCase(Locale.ROOT);
    int port = resource.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String origin =
        scheme
            + "://"
            + resource.getHost().toLowerCase(Locale.ROOT)
            + (defaultPort ? "" : ":" + port);
    if (allows(origin)) {
      return this;
    }
    Builder copy = builder().allowedHeaders(headers).maxAge(maxAge);
    copy.origins.addAll(origins);
    anyPortOrigins.forEach(any -> copy.origins.add(any + ANY_PORT));
    copy.origins.add(origin);
    return copy.build();
  }

  /**
   * Whether a request carrying {@code origin} may be answered; a request without {@code Origin} is
   * not a cross-origin browser request, and may.
   */
  public boolean allows(@Nullable String origin) {
    if (origin == null || anyOrigin) {
      return true;
    }
    String lower = origin.toLowerCase(Locale.ROOT);
    if (origins.contains(lower)) {
      return true;
    }
    if (anyPortOrigins.isEmpty()) {
      return false;
    }
    int colon = lower.lastIndexOf(':');
    // "scheme://host:port" with a port of digits only; "scheme://host" has its last ':' in "://".
    if (colon <= lower.indexOf("://") || colon == lower.length() - 1) {
      return false;
    }
    for (int i = colon + 1; i < lower.length(); i++) {
      if (lower.charAt(i) < '0' || lower.charAt(i) > '9') {
        return false;
      }
    }
    return anyPortOrigins.contains(lower.substring(0, colon));
  }

  /** Any origin, {@link #DEFAULT_ALLOWED_HEADERS}, {@link #DEFAULT_MAX_AGE}. */
  public static CorsPolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The {@code Access-Control-Allow-Origin} value for a request from {@code origin}, or {@code
   * null} when that origin is not allowed (or the request is not a cross-origin one).
   */
  public @Nullable String allowOrigin(@Nullable String origin) {
    if (origin == null) {
      return null;
    }
    if (anyOrigin) {
      return "*";
    }
    return allows(origin) ? origin : null;
  }

  /**
   * Whether responses depend on the {@code Origin} header (then caches must {@code Vary} on it).
   */
  public boolean variesByOrigin() {
    return !anyOrigin;
  }

  /** The {@code Access-Control-Allow-Headers} value of a preflight answer. */
  public String allowHeaders() {
    return allowHeaders;
  }

  /** The {@code Access-Control-Max-Age} value of a preflight answer. */
  public String maxAgeSeconds() {
    return maxAgeSeconds;
  }

  /** Builds a {@link CorsPolicy}; every value is checked as it is set. */
  public static final class Builder {
    private final Set<String> origins = new LinkedHashSet<>();
    private final List<String> headers = new ArrayList<>(DEFAULT_ALLOWED_HEADERS);
    private Duration maxAge = DEFAULT_MAX_AGE;

    private Builder() {}

    /**
     * Adds an allowed origin, {@code scheme://host[:port]} as browsers send it, {@code
     * scheme://host:*} for that host on any port (local tools such as the MCP Inspector run on a
     * loopback port of their own), or {@code *} for any origin. Without any, every origin is
     * allowed.
     */
    public Builder allowedOrigin(String origin) {
      Objects.requireNonNull(origin, "origin == null");
      if (origin.equals("*")) {
        origins.add(origin);
      } else if (origin.endsWith(ANY_PORT) && origin.length() > ANY_PORT.length()) {
        String base = requireOrigin(origin.substring(0, origin.length() - ANY_PORT.length()));
        if (URI.create(base).getPort() != -1) {
          throw new IllegalArgumentException(
              "not an origin (scheme://host[:port]): '" + origin + "'");
        }
        origins.add(base + ANY_PORT);
      } else {
        origins.add(requireOrigin(origin));
      }
      return this;
    }

    /** Replaces the allowed request headers ({@link #DEFAULT_ALLOWED_HEADERS} by default). */
    public Builder allowedHeaders(List<String> names) {
      List<String> checked = new ArrayList<>();
      for (String name : names) {
        if (!isToken(Objects.requireNonNull(name, "name == null"))) {
          throw new IllegalArgumentException("not a header name: '" + name + "'");
        }
        checked.add(name);
      }
      if (checked.isEmpty()) {
        throw new IllegalArgumentException("at least one header must be allowed (Authorization)");
      }
      headers.clear();
      headers.addAll(checked);
      return this;
    }

    /** How long browsers may cache a preflight answer. */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge == null");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("must not be negative, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    public CorsPolicy build() {
      return new CorsPolicy(this);
    }

    private static String requireOrigin(String origin) {
      URI uri;
      try {
        uri = new URI(origin);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(
            "not an origin (scheme://host[:port]): '" + origin + "'", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
      if (!(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || !bare
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "not an origin (scheme://host[:port]): '" + origin + "'");
      }
      return origin.toLowerCase(Locale.ROOT);
    }

    private static boolean isToken(String name) {
      if (name.isEmpty()) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean ok =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
