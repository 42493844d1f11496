package dev.tollgate.servlet;

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
 * Which browser origins may call the protected endpoint, and what a CORS preflight (Fetch
 * standard, "CORS protocol") answers on it.
 *
 * <p>Bearer credentials are not cookies, so no {@code Access-Control-Allow-Credentials} is ever
 * sent and {@code *} is a safe default: a page on another origin still needs the token itself.
 * Restrict origins when the MCP server also relies on ambient credentials.
 */
public final class CorsPolicy {
  /** Methods MCP streamable HTTP uses: POST messages, GET the SSE stream, DELETE the session. */
  static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";

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

  private static final CorsPolicy DEFAULTS = builder().build();

  private final boolean anyOrigin;
  private final Set<String> origins;
  private final String allowHeaders;
  private final String maxAgeSeconds;

  private CorsPolicy(Builder builder) {
    this.anyOrigin = builder.origins.isEmpty() || builder.origins.contains("*");
    this.origins = Set.copyOf(builder.origins);
    this.allowHeaders = String.join(", ", builder.headers);
    this.maxAgeSeconds = Long.toString(builder.maxAge.getSeconds());
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
  @Nullable String allowOrigin(@Nullable String origin) {
    if (origin == null) {
      return null;
    }
    if (anyOrigin) {
      return "*";
    }
    return origins.contains(origin.toLowerCase(Locale.ROOT)) ? origin : null;
  }

  /** Whether responses depend on the {@code Origin} header (then caches must {@code Vary} on it). */
  boolean variesByOrigin() {
    return !anyOrigin;
  }

  String allowHeaders() {
    return allowHeaders;
  }

  String maxAgeSeconds() {
    return maxAgeSeconds;
  }

  /** Builds a {@link CorsPolicy}; every value is checked as it is set. */
  public static final class Builder {
    private final Set<String> origins = new LinkedHashSet<>();
    private final List<String> headers = new ArrayList<>(DEFAULT_ALLOWED_HEADERS);
    private Duration maxAge = DEFAULT_MAX_AGE;

    private Builder() {}

    /**
     * Adds an allowed origin, {@code scheme://host[:port]} as browsers send it, or {@code *} for
     * any. Without any, every origin is allowed.
     */
    public Builder allowedOrigin(String origin) {
      Objects.requireNonNull(origin, "origin == null");
      origins.add(origin.equals("*") ? origin : requireOrigin(origin));
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
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): '" + origin + "'", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
      if (!(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || !bare
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): '" + origin + "'");
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
