package dev.tollgate.metadata;

import java.net.URI;
import java.util.Objects;

/**
 * Where a resource's metadata lives (RFC 9728 §3.1): the well-known path segment is inserted
 * between the host and the resource's path.
 *
 * <p>For {@code https://api.example.com/mcp} the path-suffixed URL is {@code
 * https://api.example.com/.well-known/oauth-protected-resource/mcp} and the root form is {@code
 * https://api.example.com/.well-known/oauth-protected-resource}. Both are derived from the
 * configured resource only, never from a request's {@code Host}.
 */
public final class WellKnown {
  /** The RFC 9728 well-known path segment. */
  public static final String PATH = "/.well-known/oauth-protected-resource";

  private WellKnown() {}

  /** The path-suffixed metadata URL for {@code resource}. */
  public static URI metadataUrl(URI resource) {
    return origin(resource).resolve(metadataPath(resource));
  }

  /** The root-form metadata URL, {@code <origin>/.well-known/oauth-protected-resource}. */
  public static URI rootMetadataUrl(URI resource) {
    return origin(resource).resolve(PATH);
  }

  /**
   * The path part of {@link #metadataUrl(URI)}: {@code
   * /.well-known/oauth-protected-resource<path>}.
   */
  public static String metadataPath(URI resource) {
    String path = Objects.requireNonNull(resource, "resource == null").getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return PATH;
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return PATH + path;
  }

  private static URI origin(URI resource) {
    return URI.create(resource.getScheme() + "://" + resource.getRawAuthority() + "/");
  }
}
