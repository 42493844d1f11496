package dev.tollgate.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.internal.BoundedHttp;
import dev.tollgate.internal.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Finds an issuer's {@code jwks_uri} from its metadata: RFC 8414 first ({@code
 * /.well-known/oauth-authorization-server} inserted between host and path, §3.1), then OpenID
 * Connect Discovery 1.0 ({@code /.well-known/openid-configuration} appended, §4). A document is
 * used only when its {@code issuer} equals the configured one exactly (RFC 8414 §3.3, OpenID
 * Connect Discovery §4.3): otherwise a server could name keys for an issuer it is not.
 */
final class IssuerDiscovery {
  /** Metadata documents are a few KiB; 256 KiB bounds a hostile reply, as for JWK sets. */
  static final int MAX_METADATA_BYTES = 256 * 1024;

  private final String issuer;
  private final List<URI> candidates;
  private final HttpClient client;
  private final Duration timeout;

  IssuerDiscovery(String issuer, HttpClient client, Duration timeout) {
    this.issuer = issuer;
    this.candidates = metadataUris(issuer);
    this.client = client;
    this.timeout = timeout;
  }

  /** The two metadata URLs of {@code issuer}, RFC 8414's first. */
  static List<URI> metadataUris(String issuer) {
    URI uri = URI.create(issuer);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    return List.of(
        URI.create(origin + "/.well-known/oauth-authorization-server" + path),
        URI.create(origin + path + "/.well-known/openid-configuration"));
  }

  /**
   * The issuer's JWK set URL.
   *
   * @throws IOException naming each metadata URL tried and why it was not usable
   */
  URI jwksUri() throws IOException {
    StringBuilder failures = new StringBuilder();
    for (URI candidate : candidates) {
      try {
        return fromDocument(candidate);
      } catch (IOException e) {
        if (failures.length() > 0) {
          failures.append("; ");
        }
        failures.append(candidate).append(": ").append(e.getMessage());
      }
    }
    throw new IOException("no usable metadata for issuer " + issuer + " (" + failures + ")");
  }

  private URI fromDocument(URI metadata) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(metadata)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response = BoundedHttp.send(client, request, timeout, MAX_METADATA_BYTES);
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    JsonNode document = JsonValues.parseObject(response.body());
    if (document == null) {
      throw new IOException("not a JSON object");
    }
    JsonNode named = document.get("issuer");
    if (named == null || !named.isTextual() || !issuer.equals(named.asText())) {
      throw new IOException("its issuer is not exactly " + issuer);
    }
    JsonNode jwksNode = document.get("jwks_uri");
    if (jwksNode == null || !jwksNode.isTextual()) {
      throw new IOException("no jwks_uri");
    }
    String jwks = jwksNode.asText();
    try {
      URI uri = URI.create(jwks);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || uri.getHost() == null) {
        throw new IOException("jwks_uri is not an absolute http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IOException("jwks_uri is not a URL");
    }
  }
}
