package dev.tollgate.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, the MCP 2025-11-25
 * authorization spec's preferred registration): a client whose id is an {@code https} URL with a
 * path publishes its metadata there, and the server fetches it. Fetching is bounded: {@code https}
 * URLs, or {@code http} on loopback (local tools and tests); no redirects; {@value
 * #TIMEOUT_SECONDS} s; at most {@value #MAX_BYTES} bytes; the document's {@code client_id} must be
 * its own URL. Only public clients ({@code token_endpoint_auth_method} {@code none}): keys are not
 * fetched.
 */
final class DevClientMetadataDocuments {
  /** A metadata document is a few hundred bytes; more is not one. */
  static final int MAX_BYTES = 5 * 1024;

  /** A local or well-run host answers at once; a stalled one must not hold the sign-in. */
  static final int TIMEOUT_SECONDS = 5;

  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a document says that this server uses. */
  record Document(String clientId, @Nullable String clientName, List<String> redirectUris) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Whether {@code clientId} names a metadata document this server may fetch. */
  static boolean isDocumentUrl(String clientId) {
    try {
      URI uri = new URI(clientId);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      return (scheme.equals("https") || (scheme.equals("http") && LOOPBACK_HOSTS.contains(host)))
          && !host.isEmpty()
          && path.length() > 1
          && uri.getRawFragment() == null
          && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The document at {@code url}, or {@code null} when it cannot be had or is not valid. */
  @Nullable Document fetch(String url) {
    if (!isDocumentUrl(url)) {
      return null;
    }
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_BYTES + 1);
      }
      if (response.statusCode() != 200 || body.length > MAX_BYTES) {
        return null;
      }
      return parse(url, JSON.readTree(body));
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static @Nullable Document parse(String url, JsonNode document) {
    if (!document.isObject() || !url.equals(document.path("client_id").asText(null))) {
      return null;
    }
    String method = document.path("token_endpoint_auth_method").asText("none");
    JsonNode uris = document.path("redirect_uris");
    if (!"none".equals(method) || !uris.isArray() || uris.isEmpty()) {
      return null;
    }
    List<String> redirectUris = new ArrayList<>();
    for (JsonNode uri : uris) {
      if (!uri.isTextual()) {
        return null;
      }
      redirectUris.add(uri.asText());
    }
    String name =
        document.path("client_name").isTextual() ? document.get("client_name").asText() : null;
    return new Document(url, name, List.copyOf(redirectUris));
  }
}
